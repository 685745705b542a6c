"""``stridelift schema``: the JSON Schema of each file format, for editors."""

from __future__ import annotations

import json

import click

from models import Plan, Scenario
from models.log import TrainingLog
from models.squad import SquadFile

from . import cli

SCHEMAS = {"scenario": Scenario, "squad": SquadFile, "plan": Plan, "log": TrainingLog}


@cli.command()
@click.argument("what", type=click.Choice(sorted(SCHEMAS)))
def schema(what: str) -> None:
    """Print the JSON Schema of a file format, generated from the data models.

    \b
    Example (point your editor's YAML/JSON schema setting at the file):
      stridelift schema scenario > stridelift-scenario.schema.json
    """
    data = SCHEMAS[what].model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    click.echo(json.dumps(data, indent=2))
