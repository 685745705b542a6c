"""``stridelift solve`` and ``stridelift schema`` through click's CliRunner."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from models import Plan
from optimizer.cli import cli

from .conftest import BASE, write_scenario


def test_solve_prints_a_week_table_and_a_summary(tmp_path):
    path = write_scenario(tmp_path)
    result = CliRunner().invoke(cli, ["solve", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "wk" in out and "phase" in out and "Mon" in out
    for field in ("status", "objective", "best bound", "gap", "solve time", "introduced",
                  "S1", "S5"):
        assert field in out


def test_solve_writes_the_plan_atomically_and_prints_json(tmp_path):
    path = write_scenario(tmp_path)
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(cli, ["solve", str(path), "-o", str(out), "--json", "-q"])
    assert result.exit_code == 0, result.output
    assert Plan.model_validate_json(out.read_text()) == Plan.model_validate_json(result.stdout)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "scenario.yaml"]


def test_progress_goes_to_stderr_and_results_to_stdout(tmp_path):
    path = write_scenario(tmp_path)
    result = CliRunner().invoke(cli, ["solve", str(path), "--format", "json"])
    assert result.exit_code == 0
    json.loads(result.stdout)  # stdout is the plan alone
    assert "solving" in result.stderr and "OPTIMAL" in result.stderr


def test_markdown_format(tmp_path):
    path = write_scenario(tmp_path)
    result = CliRunner().invoke(cli, ["solve", str(path), "--format", "markdown", "-q"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# tiny") and "| wk" in result.stdout


def test_infeasible_scenario_exits_3_and_writes_nothing(tmp_path):
    path = write_scenario(tmp_path, athlete={**BASE["athlete"], "established": ["lift"]},
                          availability={"gym_days": []})
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(cli, ["solve", str(path), "-o", str(out)])
    assert result.exit_code == 3
    assert "infeasible" in result.stderr
    assert not out.exists()


def test_bad_input_exits_2_with_the_field_and_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({**BASE, "athelte": {"name": "x"}}, sort_keys=False))
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(cli, ["solve", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert "did you mean 'athlete'" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_schema_commands_print_json_schemas():
    for what in ("scenario", "plan"):
        result = CliRunner().invoke(cli, ["schema", what])
        assert result.exit_code == 0
        schema = json.loads(result.stdout)
        assert schema["type"] == "object" and "properties" in schema


def test_help_has_an_example_a_coach_can_copy():
    result = CliRunner().invoke(cli, ["solve", "--help"])
    assert "stridelift solve scenarios/" in result.stdout
