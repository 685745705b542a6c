"""Library use, as design.md shows it: one import, no CLI involved."""

from __future__ import annotations

from models import Plan, Scenario
from optimizer import check, solve

from .conftest import ROOT, make_scenario


def test_solve_and_check_from_python(tmp_path):
    source = tmp_path / "athlete.yaml"
    source.write_text(
        "name: Library user\n"
        "athlete: {name: Lib Runner, sex: male, body_mass_kg: 70}\n"
        "race: {date: 2027-03-07, distance: half}\n"
        "start: 2027-01-04\n"
        "running:\n"
        "  week: {mon: easy, tue: workout, wed: easy, thu: easy, fri: rest, sat: easy,"
        " sun: long}\n")
    scenario = Scenario.load(source)
    result = solve(scenario, time_limit=10, seed=0)
    assert result.optimal
    assert not check(scenario, result)  # a result is accepted as well as a plan
    plan = result.plan
    assert not check(scenario, plan)
    assert result.summary().startswith("status: OPTIMAL")


def test_plan_round_trips_through_its_json_file(tmp_path):
    plan = solve(make_scenario(), time_limit=10).plan
    path = tmp_path / "plan.json"
    plan.write(path)
    assert Plan.load(path) == plan
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]  # no temporary file left


def test_infeasible_scenario_returns_a_result_instead_of_raising():
    # Lifting is established (H11: a gym session every week) but there is no gym day (H9).
    scenario = make_scenario(athlete={"established": ["lift"]}, availability={"gym_days": []})
    result = solve(scenario, time_limit=10)
    assert result.status == "INFEASIBLE"
    assert result.plan is None and result.objective is None


def readme_example(needle: str) -> tuple[str, str]:
    """The README's Python snippet holding ``needle`` and the ```text block of its output
    right after it."""
    import re

    text = (ROOT / "README.md").read_text()
    block = r"```{}\n((?:(?!```).)*)```"
    for code, output in re.findall(block.format("python") + r"\n\n" + block.format("text"),
                                   text, re.S):
        if needle in code:
            return code, output
    raise AssertionError(f"README shows no snippet with {needle!r} and its output")


def test_the_readme_replan_summary_snippet_runs_and_prints_what_it_shows(monkeypatch):
    import contextlib
    import io

    code, shown = readme_example("result.summary()")
    monkeypatch.chdir(ROOT)  # the snippet loads scenarios/ from the repository
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    assert printed.getvalue() == shown
