"""Shared test helpers: tiny scenarios built in code, solved fast."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from models import Scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"

# A Monday start and a 3-week horizon: small enough to solve in a blink.
BASE: dict[str, Any] = {
    "name": "tiny",
    "athlete": {"name": "Test Runner", "sex": "female", "body_mass_kg": 60},
    "race": {"date": "2027-01-31", "distance": "10k"},
    "start": "2027-01-04",
    "running": {"week": {"mon": "easy", "tue": "workout", "wed": "easy", "thu": "easy",
                         "fri": "workout", "sat": "easy", "sun": "long"}},
}


def merged(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``base`` with ``changes`` merged one level down (dicts update dicts)."""
    data = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data


def make_scenario(**changes: Any) -> Scenario:
    """A valid scenario from :data:`BASE` with nested changes (``athlete={"x": 1}`` merges)."""
    return Scenario.from_data(merged(BASE, changes))


def write_scenario(folder: Path, **changes: Any) -> Path:
    """:data:`BASE` with top-level ``changes`` replaced, written as ``folder/scenario.yaml``."""
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump({**BASE, **changes}, sort_keys=False))
    return path


def weeks_after(start: str, weeks: int, days: int = 0) -> str:
    return (dt.date.fromisoformat(start) + dt.timedelta(weeks=weeks, days=days)).isoformat()


@pytest.fixture
def scenario_factory():
    return make_scenario
