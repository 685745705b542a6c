"""Rough edges a new user hits: odd input, odd output paths, files shared with others.

Each test is a case found by trying the tool as a coach would (a sheet with an extra column, a
weekday named twice, a quoted number, an output folder in the way, a plan of another athlete),
and says what the contract promises for it.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from models import InputError, Plan, Scenario
from models.loading import write_text_atomic
from models.plan import NO_PLAN_STATUSES
from models.squad import plan_stem
from optimizer import check, solve
from optimizer.cli import cli
from optimizer.plan_csv import plan_from_csv

from .conftest import BASE, make_scenario, merged, write_scenario
from .squads import runner, write_squad


@pytest.fixture(scope="module")
def tiny_plan() -> Plan:
    return solve(make_scenario(), time_limit=30).plan


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        Scenario.load(path)
    return [f"{p.path}: {p.message} (got {p.value!r})" for p in caught.value.problems]


def write_yaml(folder: Path, data: dict, name: str = "scenario.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


# -- scenario input -------------------------------------------------------------------------


def test_a_weekday_named_twice_as_mon_and_monday_is_reported_not_merged(tmp_path):
    week = dict(BASE["running"]["week"], monday="rest")
    path = write_yaml(tmp_path, merged(BASE, {"running": {"week": week}}))
    found = problems(path)
    assert len(found) == 1 and found[0].startswith("running.week.monday: mon is given twice")


def test_each_bad_one_rep_max_is_named_at_its_own_path(tmp_path):
    path = write_yaml(tmp_path, merged(BASE, {"athlete": {
        "one_rep_max_kg": {"squat": -10, "deadlift": 9999, "bench": 50}}}))
    found = {line.split(":")[0] for line in problems(path)}
    assert found == {"athlete.one_rep_max_kg.squat", "athlete.one_rep_max_kg.deadlift",
                     "athlete.one_rep_max_kg.bench"}


@pytest.mark.parametrize("field, value, message", [
    ("body_mass_kg", "58", "expected a number, written without quotes"),
    ("late_mornings", 1, "expected true or false"),
    ("double_days", "yes", "expected true or false"),
])
def test_numbers_and_flags_are_taken_only_as_written(tmp_path, field, value, message):
    path = write_yaml(tmp_path, merged(BASE, {"athlete": {field: value}}))
    assert problems(path) == [f"athlete.{field}: {message} (got {value!r})"]


def test_a_misspelled_section_is_named_once_with_its_did_you_mean(tmp_path):
    data = dict(BASE)
    data["athelte"] = data.pop("athlete")
    found = problems(write_yaml(tmp_path, data))
    assert len(found) == 1 and found[0].startswith("athelte: unknown field 'athelte'; did you "
                                                   "mean 'athlete'?")


# -- plan files -----------------------------------------------------------------------------


def test_a_csv_row_reports_every_bad_cell_and_an_extra_column_is_no_crash():
    sc = make_scenario()
    text = ("date,kind,minutes,supervised\n"
            "2027-01-05,snc,abc,maybe\n"
            "2027-01-06,snc,20,false,extra\n"
            "20270107,snc,,\n")
    with pytest.raises(InputError) as caught:
        plan_from_csv(text, sc, "sheet.csv")
    got = [(p.line, p.path) for p in caught.value.problems]
    assert got == [(2, "row 1.minutes"), (2, "row 1.supervised"), (3, "row 2"),
                   (4, "row 3.date")]


def test_days_out_of_order_are_named_at_the_day(tmp_path, tiny_plan):
    data = json.loads(tiny_plan.to_json())
    data["days"][3], data["days"][4] = data["days"][4], data["days"][3]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, indent=2))
    with pytest.raises(InputError) as caught:
        Plan.load(path)
    paths = [p.path for p in caught.value.problems]
    assert "days[3].date" in paths and all(p.startswith("days[") for p in paths)


def test_a_plan_file_without_its_format_is_refused(tmp_path, tiny_plan):
    data = json.loads(tiny_plan.to_json())
    del data["format"]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InputError) as caught:
        Plan.load(path)
    assert [p.path for p in caught.value.problems] == ["format"]



def plan_file(folder: Path, plan: Plan, edit) -> Path:
    """``plan`` as JSON in ``folder/plan.json`` after ``edit(data)`` changed its data."""
    data = json.loads(plan.to_json())
    edit(data)
    path = folder / "plan.json"
    path.write_text(json.dumps(data, indent=2))
    return path


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def after_race(count: int):
    """An edit that adds ``count`` days after race day (2027-01-31) to the tiny plan."""
    def edit(data: dict) -> None:
        for i in range(1, count + 1):
            data["days"].append(dict(data["days"][-1], date=f"2027-02-{i:02d}", week=5,
                                     run="easy", sessions=[]))
    return edit


def load_problems(path: Path) -> list:
    with pytest.raises(InputError) as caught:
        Plan.load(path)
    with pytest.raises(InputError) as again:
        Plan.from_data(json.loads(path.read_text()))
    assert sorted((p.path, p.message) for p in again.value.problems) == sorted(
        (p.path, p.message) for p in caught.value.problems)          # no lines: other order
    return caught.value.problems


@pytest.mark.parametrize("status", NO_PLAN_STATUSES)
def test_a_plan_whose_status_says_no_plan_is_refused_at_solver_status(tmp_path, tiny_plan,
                                                                       status):
    path = plan_file(tmp_path, tiny_plan, lambda data: data["solver"].update(status=status))
    [problem] = load_problems(path)
    line = line_of(path, '"status"')
    assert str(problem) == (
        f"{path}:{line}: solver.status: this status says CP-SAT found no plan, yet this file "
        f"holds 28 days; a plan is written only for OPTIMAL or FEASIBLE (got '{status}')")


@pytest.mark.parametrize("status", ["optimal", "SOLVED", ""])
def test_a_status_no_plan_is_written_with_is_refused(tmp_path, tiny_plan, status):
    path = plan_file(tmp_path, tiny_plan, lambda data: data["solver"].update(status=status))
    [problem] = load_problems(path)
    assert (problem.path, problem.value) == ("solver.status", status)
    assert problem.message == "not a CP-SAT status of a plan found; a plan is written only " \
                              "for OPTIMAL or FEASIBLE"


@pytest.mark.parametrize("count, rest", [
    (1, ""), (3, "; 3 days are after it (2027-02-01..2027-02-03)")])
def test_days_after_race_day_are_one_problem_at_the_first_of_them(tmp_path, tiny_plan, count,
                                                                   rest):
    path = plan_file(tmp_path, tiny_plan, after_race(count))
    [problem] = load_problems(path)
    line = line_of(path, '"date": "2027-02-01"')
    assert str(problem) == (
        f"{path}:{line}: days[28].date: a day after race day 2027-01-31 (race.date): a plan "
        f"runs from its start to race day{rest} (got '2027-02-01')")


def test_a_plan_without_days_is_refused_by_the_loader(tmp_path, tiny_plan):
    path = plan_file(tmp_path, tiny_plan, lambda data: data.update(days=[]))
    [problem] = load_problems(path)
    assert (problem.path, problem.line, problem.has_value) == ("days", line_of(path, '"days"'),
                                                               False)
    assert problem.message == "the plan has no days; expected one per date from start to race day"


def test_status_and_horizon_are_reported_with_the_files_other_problems(tmp_path, tiny_plan):
    def edit(data: dict) -> None:
        after_race(2)(data)
        data["solver"]["status"] = "UNKNOWN"
        data["athlete"] = 5
        data["days"][3]["phase"] = "peak"
    problems = load_problems(plan_file(tmp_path, tiny_plan, edit))
    assert [p.path for p in problems] == ["athlete", "solver.status", "days[3].phase",
                                          "days[28].date"]
    assert "holds 30 days" in problems[1].message


@pytest.mark.parametrize("edit", [
    pytest.param(lambda data: data["solver"].update(status="FEASIBLE"), id="feasible"),
    pytest.param(lambda data: data.pop("solver"), id="no solver (hand-made)"),
    pytest.param(lambda data: data.update(days=data["days"][:20]), id="ends before race day"),
])
def test_plans_inside_their_horizon_with_a_plan_status_still_load(tmp_path, tiny_plan, edit):
    plan = Plan.load(plan_file(tmp_path, tiny_plan, edit))
    assert plan.days[0].date == tiny_plan.start
    short = len(plan.days) < len(tiny_plan.days)      # the checker names the missing dates
    assert ("format" in {v.rule for v in check(make_scenario(), plan)}) == short


CONTRADICTIONS = {
    "status": (lambda data: data["solver"].update(status="INFEASIBLE"), '"status"',
               "solver.status: this status says CP-SAT found no plan"),
    "past race day": (after_race(2), '"date": "2027-02-01"',
                      "days[28].date: a day after race day 2027-01-31"),
    "no days": (lambda data: data.update(days=[]), '"days"', "days: the plan has no days"),
}


@pytest.mark.parametrize("command", ["show", "check", "export", "replan", "explain"])
@pytest.mark.parametrize("case", CONTRADICTIONS.values(), ids=CONTRADICTIONS.keys())
def test_every_command_that_reads_a_plan_refuses_it_and_writes_nothing(tmp_path, tiny_plan,
                                                                       command, case):
    edit, where, message = case
    scenario = write_scenario(tmp_path)
    path = plan_file(tmp_path, tiny_plan, edit)
    log = tmp_path / "log.yaml"
    log.write_text("days: {}\n")
    args = {"show": ["show", path],
            "check": ["check", scenario, path],
            "export": ["export", path, "-f", "ics", "-o", tmp_path / "plan.ics"],
            "replan": ["replan", scenario, path, "--log", log, "-o", tmp_path / "new.json"],
            "explain": ["explain", scenario, "--plan", path, "--date", "2027-01-06"]}[command]
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 2, result.output
    line = line_of(path, where)
    assert f"error: {path}:{line}: {message}" in result.stderr
    assert result.stderr.endswith("1 problem found; nothing was written.\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.yaml", "plan.json",
                                                          "scenario.yaml"]

def test_a_plan_of_another_scenario_is_one_format_violation(tiny_plan):
    other = make_scenario(start="2027-01-11")
    found = check(other, tiny_plan)
    assert len(found) == 1 and found[0].rule == "format"
    assert "another scenario" in found[0].message


def test_check_with_a_bad_scenario_still_reports_the_plans_own_problems(tmp_path, tiny_plan):
    scenario = write_yaml(tmp_path, merged(BASE, {"athlete": {"body_mass_kg": -5}}))
    data = json.loads(tiny_plan.to_json())
    data["days"][0]["sessions"] = [{"kind": "yoga", "slot": "pm", "minutes": 10}]
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(data, indent=2))
    result = CliRunner().invoke(cli, ["check", str(scenario), str(plan), "--json"])
    assert result.exit_code == 2
    paths = {e["path"] for e in json.loads(result.stdout)["errors"]}
    assert {"athlete.body_mass_kg", "days[0].sessions[0].kind"} <= paths


# -- output ---------------------------------------------------------------------------------


def test_written_files_get_the_umask_mode_or_keep_the_replaced_files(tmp_path):
    fresh = tmp_path / "fresh.json"
    mask = os.umask(0o022)
    try:
        write_text_atomic(fresh, "{}")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    kept = tmp_path / "kept.json"
    kept.write_text("old")
    kept.chmod(0o640)
    write_text_atomic(kept, "new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() == "new"


def test_solve_refuses_to_write_the_plan_over_its_own_scenario(tmp_path):
    path = write_scenario(tmp_path)
    before = path.read_text()
    result = CliRunner().invoke(cli, ["solve", str(path), "-o", str(path), "-q"])
    assert result.exit_code == 2 and "is an input of this command" in result.stderr
    assert path.read_text() == before


def test_a_nan_time_limit_is_refused(tmp_path):
    path = write_scenario(tmp_path)
    result = CliRunner().invoke(cli, ["solve", str(path), "--time-limit", "nan"])
    assert result.exit_code == 2


def test_batch_reports_a_plan_it_cannot_write_and_still_writes_the_others(tmp_path):
    first = write_yaml(tmp_path, BASE, "first.yaml")
    second = write_yaml(tmp_path, merged(BASE, {"name": "second"}), "second.yaml")
    out = tmp_path / "plans"
    (out / "first.json").mkdir(parents=True)  # a folder where the plan should go
    result = CliRunner().invoke(cli, ["batch", str(first), str(second), "-d", str(out),
                                      "--json", "-q"])
    assert result.exit_code == 2, result.output
    outcomes = {Path(s["path"]).name: s["outcome"]
                for s in json.loads(result.stdout)["scenarios"]}
    assert outcomes == {"first.yaml": "not written", "second.yaml": "solved"}
    assert (out / "second.json").is_file()


def test_batch_and_squad_refuse_an_output_folder_behind_a_file_before_solving(tmp_path):
    scenario = write_scenario(tmp_path)
    squad = write_squad(tmp_path / "squad", [runner(1), runner(2)])
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    for args in (["batch", str(scenario)], ["squad", str(squad)]):
        result = CliRunner().invoke(cli, args + ["-d", str(blocker / "plans"), "-q"])
        assert result.exit_code == 2 and "is a file" in result.stderr, result.output


def test_a_squad_writes_all_its_files_or_none(tmp_path):
    squad = write_squad(tmp_path / "squad", [runner(1), runner(2)])
    out = tmp_path / "plans"
    (out / "runner-2.json").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["squad", str(squad), "-d", str(out), "-q",
                                      "--time-limit", "30"])
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in out.iterdir()) == ["runner-2.json"]  # the folder only


def test_plan_file_names_keep_every_script_and_drop_latin_accents():
    assert plan_stem("Zoë Ångström-Núñez") == "zoe-angstrom-nunez"
    assert plan_stem("李娜") == "李娜" != plan_stem("王芳")
    assert plan_stem("Алёна Йорданова") == "алёна-йорданова"
    assert plan_stem("  !! ") == "athlete"


def test_export_refuses_another_athletes_scenario_and_a_csv_sheet(tmp_path, tiny_plan):
    plan = tmp_path / "plan.json"
    plan.write_text(tiny_plan.to_json())
    other = write_yaml(tmp_path, merged(BASE, {"start": "2027-01-11"}), "other.yaml")
    result = CliRunner().invoke(cli, ["export", str(plan), "-f", "ics", "--scenario",
                                      str(other)])
    assert result.exit_code == 2 and "another scenario" in result.stderr
    sheet = tmp_path / "plan.csv"
    sheet.write_text("date,kind\n")
    result = CliRunner().invoke(cli, ["export", str(sheet), "-f", "ics"])
    assert result.exit_code == 2 and "plan JSON" in result.stderr


def test_a_fit_folder_loses_the_workouts_a_replan_dropped(tmp_path, tiny_plan):
    plan = tmp_path / "plan.json"
    plan.write_text(tiny_plan.to_json())
    folder = tmp_path / "watch"
    folder.mkdir()
    mine = folder / "notes.txt"
    mine.write_text("not a workout")
    outside = folder / "2030-01-01-pm-lift.fit"
    outside.write_bytes(b"")
    stale = folder / f"{tiny_plan.start.isoformat()}-pm-lift.fit"
    held = {(d.date.isoformat(), s.slot.value, s.kind.value)
            for d in tiny_plan.days for s in d.sessions}
    assert (tiny_plan.start.isoformat(), "pm", "lift") not in held
    stale.write_bytes(b"")
    result = CliRunner().invoke(cli, ["export", str(plan), "-f", "fit", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert not stale.exists() and mine.exists() and outside.exists()
    from optimizer.export import plan_to_fit
    assert sorted(p.name for p in folder.glob("*.fit")) == sorted(
        [*plan_to_fit(tiny_plan), outside.name])


def test_explain_asks_for_the_smallest_daily_budget_that_works(tmp_path):
    # A lifter (H11) whose only session kinds need more than 30 minutes: 45 is enough (the
    # lift's minimum length), the old fixed offer was 90.
    path = write_yaml(tmp_path, merged(BASE, {
        "athlete": {"established": ["snc", "lift"]},
        "availability": {"gym_days": ["mon", "wed", "sat"], "daily_strength_minutes": 30}}))
    result = CliRunner().invoke(cli, ["explain", str(path), "--json"])
    assert result.exit_code == 3, result.output
    text = json.dumps(json.loads(result.stdout))
    assert "allow 45 minutes a day" in text and "allow 90 minutes" not in text


def test_show_json_reports_a_week_outside_the_plan_as_json(tmp_path, tiny_plan):
    plan = tmp_path / "plan.json"
    plan.write_text(tiny_plan.to_json())
    result = CliRunner().invoke(cli, ["show", str(plan), "--week", "99", "--json"])
    assert result.exit_code == 2
    error = json.loads(result.stdout)["errors"][0]
    assert error["path"] == "--week" and error["value"] == 99


def test_output_that_cannot_be_written_is_one_line_not_a_traceback(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    path = write_scenario(tmp_path)
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-c", "from optimizer.cli import main; main()",
                               "solve", str(path), "--json", "-q"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "cannot write" in done.stderr


# -- the library, as a platform embeds it ------------------------------------------------------


def test_an_input_error_crosses_a_process_boundary_intact():
    import pickle

    with pytest.raises(InputError) as caught:
        Scenario.from_data({"name": "x"})
    again = pickle.loads(pickle.dumps(caught.value))
    assert str(again) == str(caught.value) and again.problems == caught.value.problems


def test_solve_many_names_every_bad_mapping_by_index_before_solving_any():
    bad = merged(BASE, {"athlete": {"body_mass_kg": -1}})
    worse = merged(BASE, {"race": {"date": "2026-01-01"}})
    seen = []
    with pytest.raises(InputError) as caught:
        from optimizer import solve_many
        solve_many([BASE, bad, BASE, worse], time_limit=10, jobs=1,
                   on_result=lambda i, r: seen.append(i))
    assert seen == []
    assert {p.file for p in caught.value.problems} == {"<scenario 1>", "<scenario 3>"}


@pytest.mark.parametrize("argument", [{"time_limit": -1}, {"time_limit": float("nan")},
                                      {"workers": -2}, {"seed": 2**40}, {"seed": -1}])
def test_a_bad_solve_argument_is_a_value_error(argument):
    with pytest.raises(ValueError):
        solve(make_scenario(), **argument)


def test_solve_check_and_explain_take_a_mapping_or_a_path(tmp_path):
    path = write_scenario(tmp_path)
    from_dict, from_path = solve(dict(BASE), time_limit=30), solve(str(path), time_limit=30)
    assert from_dict.plan.days == from_path.plan.days
    assert check(str(path), from_dict.plan) == []
    with pytest.raises(TypeError, match="expected a Scenario"):
        solve(42)


def test_pydantic_model_validate_runs_the_cross_field_checks_too():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="race day must come after start"):
        Scenario.model_validate(merged(BASE, {"race": {"date": "2026-12-01"}}))


def test_explaining_a_day_outside_the_plan_is_a_value_error(tiny_plan):
    import datetime as dt

    from optimizer import explain_day

    with pytest.raises(ValueError, match="not a day of this plan"):
        explain_day(make_scenario(), tiny_plan, dt.date(2030, 1, 1))


def test_a_log_can_be_built_from_a_mapping_and_is_checked_against_the_plan(tiny_plan):
    from models import TrainingLog

    empty = next(d.date for d in tiny_plan.days if not d.sessions)
    with pytest.raises(InputError):
        TrainingLog.from_data({"days": {empty.isoformat(): {"missed": ["lift"]}}}, tiny_plan)
    assert TrainingLog.from_data({"days": {}}, tiny_plan).empty


@pytest.mark.parametrize("distance", ["Marathon", "half marathon", "5 km", "42k", 42195])
def test_the_schema_takes_every_distance_the_loader_takes(distance):
    from jsonschema import Draft202012Validator

    data = merged(BASE, {"race": {"distance": distance}})
    data["running"] = {"week": {**{k: v for k, v in BASE["running"]["week"].items()
                                   if k != "mon"}, "Monday": "easy"}}
    Scenario.from_data(data)
    assert not list(Draft202012Validator(Scenario.model_json_schema()).iter_errors(data))


def _replan_a_trip(established: list[str], away: list[str], since: str,
                   gym_days: tuple[str, ...] = ("mon", "wed", "sat")):
    """A lifter with workouts Tue and Fri and the long run Sunday (gym by default Mon, Wed
    and Sat: Saturday is the day before the long run, H4), solved, then replanned from
    ``since`` with a log that adds the dates ``away``: the scenario and the replan's
    result."""
    import datetime as dt

    from models import TrainingLog
    from optimizer import replan

    sc = make_scenario(race={"date": "2027-02-28"}, athlete={"established": established},
                       availability={"gym_days": list(gym_days)})
    plan = solve(sc, time_limit=30).plan
    log = TrainingLog.from_data({"unavailable": away}, plan)
    return sc, replan(sc, plan, log, since=dt.date.fromisoformat(since), time_limit=30)


@pytest.mark.parametrize("established, since", [
    (["snc"], "2027-01-15"),          # lift begun in week 1 of the plan
    (["snc", "lift"], "2027-01-15"),  # lift established: no "started" literal to fix
    (["snc", "lift"], "2027-01-04"),  # ... and no logged past at all
])
def test_a_replan_that_must_break_a_floor_says_which_and_where(established, since):
    import datetime as dt

    from models import Kind
    from optimizer import split_logged

    # A trip Monday to Wednesday of week 3 leaves that week no gym day for the lift (H11:
    # Saturday is a gym day, so the week is not excused). The replan keeps its best plan,
    # breaks that week's H11 alone, names the break, and the checker finds that break alone.
    sc, result = _replan_a_trip(established, ["2027-01-18..2027-01-20"], since)
    assert result.plan is not None and result.plan.replan.relaxed == {"H11": 1}
    if "lift" not in established:
        assert result.plan.introductions[Kind.LIFT] < dt.date(2027, 1, 15)
    assert [(v.rule, v.date) for v in result.broken] == [("H11", dt.date(2027, 1, 18))]
    broken = result.broken[0]
    assert broken.because == "the athlete away 2027-01-18..2027-01-20 (new dates away in the log)"
    assert str(broken) == "H11 2027-01-18: no lift or power session in week 3 (from Monday " \
        "2027-01-18); at least one gym session every week once lifting has started - not " \
        "possible with the athlete away 2027-01-18..2027-01-20 (new dates away in the log)"
    assert f"{broken}; `stridelift check` reports it." in result.plan.notes
    open_, _ = split_logged(result.plan, check(sc, result.plan))
    assert [(v.rule, v.date, v.message) for v in open_] == [
        (broken.rule, broken.date, broken.message)]
    lines = result.summary().splitlines()
    assert "relaxed because no plan from the replan date on can keep them (each break below " \
        "says why): H11 x1" in lines
    assert f"  so the new plan breaks {broken}; `stridelift check` reports it" in lines


def test_a_trip_over_every_gym_day_of_a_week_excuses_its_lift_in_a_replan_too():
    # The same lifter away Monday to Saturday of week 3, every gym day of it: H11 excuses the
    # week (as in a solve), so nothing is relaxed and nothing broken.
    sc, result = _replan_a_trip(["snc", "lift"], ["2027-01-18..2027-01-23"], "2027-01-15")
    assert result.optimal and result.plan.replan.relaxed == {} and result.broken == []
    assert check(sc, result.plan) == []
    assert not any(s.kind.value in ("lift", "power") for d in result.plan.days
                   if "2027-01-18" <= d.date.isoformat() <= "2027-01-24" for s in d.sessions)


def test_a_trip_that_leaves_a_lifters_week_no_room_for_a_second_session_breaks_h10_alone():
    import datetime as dt

    from optimizer import split_logged

    # Gym on Wednesdays only; away Monday and Saturday of week 2, so its floor is 2 (H10:
    # Wednesday and Thursday are its free days). Wednesday holds the lift (H11), and Thursday
    # nothing counted: no snc the day after lifting (H5), no hills before Friday's workout
    # (H8), plyo off the gym only after 2 weeks of it (H14). The replan keeps the lift and
    # breaks that week's H10 alone.
    sc, result = _replan_a_trip(["snc", "lift"], ["2027-01-11", "2027-01-16"], "2027-01-04",
                                gym_days=("wed",))
    assert result.plan is not None and result.plan.replan.relaxed == {"H10": 1}
    assert [(b.rule, b.date, b.because) for b in result.broken] == [
        ("H10", dt.date(2027, 1, 11),
         "the athlete away 2027-01-11, 2027-01-16 (new dates away in the log)")]
    assert [s.kind.value for s in result.plan.day(dt.date(2027, 1, 13)).sessions
            if s.counted] == ["lift"]
    open_, _ = split_logged(result.plan, check(sc, result.plan))
    assert [(v.rule, v.date) for v in open_] == [("H10", dt.date(2027, 1, 11))]


def test_a_solve_with_a_trip_that_leaves_a_week_no_usable_gym_day_is_infeasible():
    # The decision the replan's relaxation documents (optimizer.replan_model.relax_for_past):
    # a scenario can still be changed, so a solve says what to change instead of breaking H11.
    from optimizer import explain_infeasibility

    sc = make_scenario(race={"date": "2027-02-28"}, athlete={"established": ["snc", "lift"]},
                       availability={"gym_days": ["mon", "wed", "sat"],
                                     "unavailable": ["2027-01-18..2027-01-20"]})
    assert solve(sc, time_limit=30).status == "INFEASIBLE"
    assert "drop the dates away 2027-01-18..2027-01-20" in explain_infeasibility(
        sc, time_limit=30).text()


def test_explaining_a_day_never_calls_a_kind_allowed_that_no_plan_can_hold(tiny_plan):
    from optimizer import explain_day

    sc = make_scenario()
    day = next(d for d in tiny_plan.days if d.run.value == "easy" and not d.sessions)
    found = explain_day(sc, tiny_plan, day.date, time_limit=20)
    impossible = {a.action[len("add "):] for a in found.alternatives
                  if a.action.startswith("add ") and a.status == "INFEASIBLE"}
    assert impossible  # the 4-week novice plan has kinds no plan can start
    for name, reasons in found.absent:
        if name in impossible:
            assert reasons[0].startswith("not possible today in any plan"), (name, reasons)
