"""``stridelift show``: a week or a day of a plan as a training sheet."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from optimizer.cli import cli

from .plans import solved


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("show") / "plan.json"
    solved("novice").write(path)
    return path


def run(*args: str):
    return CliRunner().invoke(cli, ["show", *args], catch_exceptions=False)


def lift_week(plan) -> int:
    """A mid-plan week with a loaded lift session."""
    return next(d.week for d in plan.days if d.week >= 12 and any(
        s.kind.value == "lift" and s.prescription.block is None for s in d.sessions))


def test_a_week_reads_like_a_training_sheet(plan_file):
    plan = solved("novice")
    week = lift_week(plan)
    result = run(str(plan_file), "--week", str(week))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Jane Doe · Novice marathon")
    assert f"Week {week} · " in out and "min" in out
    for text in ("Weight lifting · pm", "Strength & conditioning", "sets x reps", "squat",
                 " kg ", "90 s", "reps in reserve", "protein-rich meal within 30 minutes",
                 "10 min easy running, elliptical or cycling", "squat: 1 x 5 at",
                 "no strength today"):
        assert text in out, text
    assert out.count("Mon ") == 1 and out.count("Sun ") == 1


def test_one_date_shows_one_day(plan_file):
    plan = solved("novice")
    day = next(d for d in plan.days if any(s.kind.value == "snc" for s in d.sessions))
    result = run(str(plan_file), "--date", day.date.isoformat())
    assert result.exit_code == 0
    assert day.date.strftime("%a %d %b %Y") in result.output
    assert result.output.count(" · easy run") + result.output.count(" · rest day") == 1
    assert "hamstring" in result.output or "plank" in result.output


def test_json_gives_the_chosen_days(plan_file):
    result = run(str(plan_file), "--week", "3", "--json")
    data = json.loads(result.output)
    assert data["week"] == 3 and len(data["days"]) == 7
    assert data["minutes"] == sum(s["minutes"] for d in data["days"] for s in d["sessions"])
    snc = [s for d in data["days"] for s in d["sessions"] if s["kind"] == "snc"]
    assert snc and snc[0]["prescription"]["exercises"][0]["sets"] in (2, 3)


def test_without_week_or_date_it_shows_the_first_week_outside_the_plan(plan_file):
    result = run(str(plan_file))
    assert result.exit_code == 0 and "Week 1 · 2027-04-05" in result.output


@pytest.mark.parametrize("args,text", [
    (["--week", "99"], "weeks 1 to 24"),
    (["--date", "2030-01-01"], "not in this plan"),
    (["--week", "2", "--date", "2027-04-06"], "not both"),
])
def test_bad_choices_are_exit_2(plan_file, args, text):
    result = run(str(plan_file), *args)
    assert result.exit_code == 2 and text in result.output


def test_a_bad_plan_file_is_exit_2_with_the_problem(tmp_path):
    bad = tmp_path / "plan.json"
    bad.write_text('{"format": "stridelift.plan/1", "scenario": "x"}\n')
    result = CliRunner().invoke(cli, ["show", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:1: days: this field is required" in result.output
    missing = CliRunner().invoke(cli, ["show", str(tmp_path / "none.json")])
    assert missing.exit_code == 2 and "no such file" in missing.output



def day_after_race(data: dict) -> None:
    data["days"].append(dict(data["days"][-1], date="2027-09-20", sessions=[]))


@pytest.mark.parametrize("edit, path, value", [
    (lambda data: data["solver"].update(status="INFEASIBLE"), "solver.status", "INFEASIBLE"),
    (day_after_race, "days[168].date", "2027-09-20"),     # race day is 2027-09-19, days[167]
])
def test_a_plan_without_a_plan_status_or_past_its_race_day_is_exit_2(plan_file, tmp_path,
                                                                       edit, path, value):
    data = json.loads(plan_file.read_text())
    edit(data)
    bad = tmp_path / "edited.json"
    bad.write_text(json.dumps(data, indent=2))
    result = CliRunner().invoke(cli, ["show", str(bad), "--week", "1", "--json"])
    assert result.exit_code == 2
    [error] = json.loads(result.stdout)["errors"]
    assert (error["file"], error["path"], error["value"]) == (str(bad), path, value)
    assert bad.read_text().splitlines()[error["line"] - 1].strip().startswith(
        f'"{path.rsplit(".", 1)[-1]}": "{value}"')
    assert f"error: {bad}:{error['line']}: {path}: {error['message']} (got '{value}')" \
        in result.stderr

def test_help_carries_an_example_to_copy():
    result = CliRunner().invoke(cli, ["show", "--help"])
    assert result.exit_code == 0
    assert "stridelift show plan.json --week 12" in result.output
