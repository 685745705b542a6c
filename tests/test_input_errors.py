"""Bad input never crashes and never half-writes.

The contract (formats.md): one clear message per problem, naming the file, the field path, the
line (YAML and JSON), the bad value and what was expected; every problem of a file at once, in
line order; through the CLI, exit status 2, no traceback, and nothing written: an ``--output``
file that did not exist still does not, and one that did is left untouched.

Each case is checked twice: through the library (``Scenario.load`` raising ``InputError``) and
through the command line (``stridelift solve FILE --output OUT``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import InputError, Problem, Scenario
from models.loading import MAX_VALUES, parse_text
from optimizer.cli import cli

# A valid scenario; the tests below change single lines, so every line number is known.
VALID_LINES = [
    "name: Test scenario",                                                       # 1
    "athlete:",                                                                  # 2
    "  name: Test Runner",                                                       # 3
    "  sex: female",                                                             # 4
    "  body_mass_kg: 60",                                                        # 5
    "  established: [snc]",                                                      # 6
    "race:",                                                                     # 7
    "  date: 2027-06-27",                                                        # 8
    "  distance: 10k",                                                           # 9
    "start: 2027-04-05",                                                         # 10
    "running:",                                                                  # 11
    "  week: {mon: easy, tue: workout, wed: easy, thu: easy, fri: rest, sat: easy, "
    "sun: long}",                                                                # 12
    "availability:",                                                             # 13
    "  gym_days: [mon, thu]",                                                    # 14
    "  unavailable: [2027-05-10..2027-05-12]",                                   # 15
    "coach:",                                                                    # 16
    "  slots: {mon: [pm], thu: [pm]}",                                           # 17
    "rules:",                                                                    # 18
    "  intro_gap_weeks: 3",                                                      # 19
    "weights:",                                                                  # 20
    "  S2: 1",                                                                   # 21
]


def scenario_text(changes: dict[int, str | None] | None = None) -> str:
    """:data:`VALID_LINES` with 1-based lines replaced (``None`` removes the line's text but
    keeps it as a blank line, so later line numbers do not move)."""
    lines = list(VALID_LINES)
    for number, text in (changes or {}).items():
        lines[number - 1] = "" if text is None else text
    return "\n".join(lines) + "\n"


def under_week(line: str) -> dict[int, str]:
    """Changes that add ``line`` under ``running.week`` (it becomes line 13)."""
    return {12: VALID_LINES[11] + "\n" + line}


def problems_of(path: Path) -> list[Problem]:
    """The problems ``Scenario.load`` reports for ``path`` (failing if it loads)."""
    with pytest.raises(InputError) as caught:
        Scenario.load(path)
    assert caught.value.problems, "an InputError must carry at least one problem"
    return caught.value.problems


def run_solve(path: Path, out: Path, *extra: str):
    """``stridelift solve PATH --output OUT``, checked for the exit-2, nothing-written contract."""
    result = CliRunner().invoke(cli, ["solve", str(path), "--output", str(out), *extra])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), "a crash, not a clean exit"
    assert "Traceback" not in result.output
    assert "nothing was written" in result.stderr
    return result


@dataclass(frozen=True)
class Case:
    """One bad line and the one problem it must produce."""

    changes: dict[int, str | None]
    path: str
    line: int
    value: object
    expected: str  # a fragment of the message: what was expected


CASES: dict[str, Case] = {
    "race before start": Case(
        {8: "  date: 2027-03-01"}, "race.date", 8, dt.date(2027, 3, 1),
        "race day must come after start (2027-04-05)"),
    "race on the start day": Case(
        {8: "  date: 2027-04-05"}, "race.date", 8, dt.date(2027, 4, 5),
        "race day must come after start"),
    "horizon under two weeks": Case(
        {8: "  date: 2027-04-17"}, "race.date", 8, dt.date(2027, 4, 17),
        "is 13 days; at least 14 days (2 weeks) are needed"),
    "horizon over 104 weeks": Case(
        {8: "  date: 2029-04-02"}, "race.date", 8, dt.date(2029, 4, 2),
        "at most 104 weeks"),
    "unknown kind in established": Case(
        {6: "  established: [snc, yoga]"}, "athlete.established[1]", 6, "yoga",
        "expected 'snc', 'lift', 'power', 'plyo' or 'hills'"),
    "unknown weekday as a running.week key": Case(
        {12: "  week: {mon: easy, tue: workout, wed: easy, thu: easy, fri: rest, sat: easy, "
             "sun: long, funday: easy}"},
        "running.week.funday", 12, "funday", "a weekday (mon, tue, wed, thu, fri, sat, sun)"),
    "unknown weekday in gym_days": Case(
        {14: "  gym_days: [mon, blursday]"}, "availability.gym_days[1]", 14, "blursday",
        "a weekday (mon, tue, wed, thu, fri, sat, sun) was expected"),
    "misspelt weekday in gym_days gets a did-you-mean": Case(
        {14: "  gym_days: [mon, wendesday]"}, "availability.gym_days[1]", 14, "wendesday",
        "did you mean 'wed'?"),
    "unknown weekday as a coach.slots key": Case(
        {17: "  slots: {mon: [pm], xyz: [am]}"}, "coach.slots.xyz", 17, "xyz",
        "a weekday (mon, tue, wed, thu, fri, sat, sun) was expected"),
    "impossible race date": Case(
        {8: "  date: 2027-02-30"}, "race.date", 8, "2027-02-30", "not a real calendar date"),
    "impossible date in a range": Case(
        {15: "  unavailable: [2027-05-10..2027-02-30]"}, "availability.unavailable[0]", 15,
        "2027-05-10..2027-02-30", "not a real calendar date"),
    "date with a time of day": Case(
        {10: "start: 2027-04-05 07:30"}, "start", 10, "2027-04-05 07:30",
        "an ISO date (YYYY-MM-DD) was expected"),
    "reversed range": Case(
        {15: "  unavailable: [2027-08-07..2027-08-01]"}, "availability.unavailable[0]", 15,
        "2027-08-07..2027-08-01", "the range ends (2027-08-01) before it starts (2027-08-07)"),
    "negative body mass": Case(
        {5: "  body_mass_kg: -5"}, "athlete.body_mass_kg", 5, -5,
        "expected a number from 25 to 250"),
    "body mass as text": Case(
        {5: "  body_mass_kg: heavy"}, "athlete.body_mass_kg", 5, "heavy", "expected a number"),
    "rule override out of bounds": Case(
        {19: "  intro_gap_weeks: 30"}, "rules.intro_gap_weeks", 19, 30,
        "expected a whole number from 1 to 8"),
    "rule override not a whole number": Case(
        {19: "  intro_gap_weeks: 2.5"}, "rules.intro_gap_weeks", 19, 2.5,
        "expected a whole number"),
    "negative weight": Case(
        {21: "  S2: -1"}, "weights.S2", 21, -1, "expected a number from 0 to 100"),
    "unknown top-level key": Case(
        {1: "name: Test scenario\nathelte: {name: Typo}"}, "athelte", 2, None,
        "unknown field 'athelte'; did you mean 'athlete'?"),
    "unknown key one level down": Case(
        {14: "  gym_dayz: [mon, thu]"}, "availability.gym_dayz", 14, None,
        "unknown field 'gym_dayz'; did you mean 'gym_days'?"),
    "unknown key in rules": Case(
        {19: "  intro_gap_week: 3"}, "rules.intro_gap_week", 19, None,
        "did you mean 'intro_gap_weeks'?"),
    "unknown key with no near match lists the fields": Case(
        {21: "  S9: 1"}, "weights.S9", 21, None, "expected one of: S1, S2, S3, S4, S5, S6"),
    "unknown race distance": Case(
        {9: "  distance: 10 miles"}, "race.distance", 9, "10 miles",
        "a race distance was expected"),
    "bad run slot gives one message": Case(
        under_week("  run_slot: noon"), "running.run_slot", 13, "noon",
        "expected am or pm, or a mapping from weekday to am or pm"),
    "bad run slot in the per-weekday form is named at its weekday": Case(
        under_week("  run_slot: {tue: pm, thu: noon}"), "running.run_slot.thu", 13,
        "noon", "expected 'am' or 'pm'"),
    "run override outside the plan": Case(
        under_week("  dates: {2027-12-01: rest}"), "running.dates.2027-12-01", 13,
        dt.date(2027, 12, 1), "this date is outside the plan (2027-04-05..2027-06-27)"),
    "race day overridden with something else": Case(
        under_week("  dates: {2027-06-27: easy}"), "running.dates.2027-06-27", 13,
        "easy", "race day is always 'race'"),
    "unknown run kind": Case(
        {12: "  week: {mon: easy, tue: tempo, wed: easy, thu: easy, fri: rest, sat: easy, "
             "sun: long}"}, "running.week.tue", 12, "tempo",
        "expected 'rest', 'easy', 'workout', 'long' or 'race'"),
    "a list where a mapping belongs": Case(
        {17: "  slots: [mon, thu]"}, "coach.slots", 17, ["mon", "thu"],
        "expected a mapping"),
    "a value where a list belongs": Case(
        {6: "  established: snc"}, "athlete.established", 6, "snc", "expected a list"),
    "duplicate top-level key": Case(
        {21: "  S2: 1\nname: Again"}, "name", 22, None,
        "duplicate key (first given on line 1)"),
    "duplicate nested key": Case(
        {4: "  sex: female\n  sex: male"}, "athlete.sex", 5, None,
        "duplicate key (first given on line 4)"),
    "missing required top-level field": Case(
        {7: None, 8: None, 9: None}, "race", 1, None, "this field is required"),
    "missing required nested field": Case(
        {3: None}, "athlete.name", 2, None, "this field is required"),
    "YAML tag that would run a command": Case(
        {1: 'name: !!python/object/apply:os.system ["echo hi"]'}, "name", 1, None,
        "the YAML tag '!!python/object/apply:os.system' is not allowed"),
    "unknown local YAML tag": Case(
        {3: "  name: !runner Test Runner"}, "athlete.name", 3, None,
        "the YAML tag '!runner' is not allowed"),
    "malformed YAML": Case(
        {14: "  gym_days: [mon, thu"}, "(file)", 15, None, "malformed YAML"),
    "tab indentation": Case(
        {5: "\tbody_mass_kg: 60"}, "(file)", 5, None, "malformed YAML"),
    "a list as a key": Case(
        {14: "  [mon, thu]: gym"}, "availability", 14, None,
        "a key must be a plain value (a name or a date), not a list or mapping"),
    "a second YAML document": Case(
        {21: "  S2: 1\n---\nname: Other"}, "(file)", 22, None,
        "expected a single document"),
}


@pytest.fixture
def write(tmp_path: Path):
    """Write a file under ``tmp_path``: ``write("x.yaml", text_or_bytes)``."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def test_the_valid_template_loads(write):
    """The control: without a change the template is a valid scenario."""
    scenario = Scenario.load(write("ok.yaml", scenario_text()))
    assert scenario.horizon_days == 84


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_library_reports_one_problem_with_file_path_line_value_and_expectation(write, case):
    path = write("bad.yaml", scenario_text(case.changes))
    problems = problems_of(path)
    assert len(problems) == 1, "\n".join(map(str, problems))
    problem = problems[0]
    assert problem.file == str(path)
    assert problem.path == case.path
    assert problem.line == case.line
    assert case.expected in problem.message
    if case.value is None:
        assert not problem.has_value
    else:
        assert problem.value == case.value


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_cli_exits_2_with_the_message_and_writes_nothing(write, tmp_path, case):
    path = write("bad.yaml", scenario_text(case.changes))
    out = tmp_path / "plan.json"
    result = run_solve(path, out)
    assert not out.exists()
    assert f"error: {path}:{case.line}: {case.path}: " in result.stderr
    assert case.expected in result.stderr
    assert "1 problem found; nothing was written." in result.stderr


@pytest.mark.parametrize("race_date, days", [("2027-04-18", 14), ("2029-04-01", 728)])
def test_horizons_of_exactly_2_and_104_weeks_are_accepted(write, race_date, days):
    """The bounds are inclusive: 14 days from start to race day is 2 weeks, 728 is 104."""
    scenario = Scenario.load(write("edge.yaml", scenario_text({8: f"  date: {race_date}"})))
    assert scenario.horizon_days == days


def test_cli_leaves_an_existing_output_file_untouched(write, tmp_path):
    path = write("bad.yaml", scenario_text({5: "  body_mass_kg: -5"}))
    out = tmp_path / "plan.json"
    out.write_text("the plan from last week\n")
    before = out.stat().st_mtime_ns
    run_solve(path, out)
    assert out.read_text() == "the plan from last week\n"
    assert out.stat().st_mtime_ns == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "plan.json"]  # no temp


def test_cli_json_mode_reports_problems_as_data(write, tmp_path):
    path = write("bad.yaml", scenario_text({5: "  body_mass_kg: -5", 14: "  gym_dayz: [mon]"}))
    result = run_solve(path, tmp_path / "plan.json", "--json")
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["exit"] == 2
    assert [(e["path"], e["line"]) for e in report["errors"]] == [
        ("athlete.body_mass_kg", 5), ("availability.gym_dayz", 14)]
    assert report["errors"][0]["value"] == -5
    assert report["errors"][0]["file"] == str(path)



# Values JSON does not write as themselves: nan, inf, a list, a mapping, a date (a race
# before the start is a cross-field problem whose value is the date); and null.
ODD_VALUES = {5: "  body_mass_kg: .nan", 6: "  established: ~", 8: "  date: 2027-03-01",
              9: "  distance: [10k]", 14: "  gym_days: {mon: 1}", 19: "  intro_gap_weeks: .inf"}


def test_a_problems_json_form_keeps_json_values_and_writes_the_rest_as_its_message_does(
        write, tmp_path):
    path = write("odd.yaml", scenario_text(ODD_VALUES))
    problems = problems_of(path)
    assert {p.path: p.to_dict()["value"] for p in problems} == {
        "athlete.body_mass_kg": "nan", "athlete.established": None,
        "race.date": "2027-03-01", "race.distance": "['10k']",
        "availability.gym_days": "{'mon': 1}", "rules.intro_gap_weeks": "inf"}
    assert [str(p).rsplit(" (got ", 1)[1] for p in problems] == [
        "nan)", "None)", "2027-03-01)", "['10k'])", "{'mon': 1})", "inf)"]
    report = json.loads(run_solve(path, tmp_path / "plan.json", "--json").stdout,
                        parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    assert report["errors"] == [p.to_dict() for p in problems]


def test_every_problem_of_a_bad_scenario_dumps_as_json(write):
    problems = [p for name, text in (("odd.yaml", scenario_text(ODD_VALUES)),
                                     ("many.yaml", MANY), ("s.toml", TOML_BAD),
                                     ("s.json", JSON_BAD))
                for p in problems_of(write(name, text))]
    assert len(problems) == 6 + 12 + 6 + 6
    assert sum(not p.has_value for p in problems) == 5    # unknown and duplicate fields
    for problem in problems:
        data = json.loads(json.dumps(problem.to_dict(), allow_nan=False))
        assert data == problem.to_dict() and ("value" in data) == problem.has_value
        assert (data["file"], data["path"], data["line"], data["message"]) == (
            problem.file, problem.path, problem.line, problem.message)
        if not problem.has_value:    # no marker object left for dataclasses.asdict
            assert json.loads(json.dumps(asdict(problem)))["has_value"] is False

# -- many problems at once ----------------------------------------------------------------

MANY = """\
name: Many problems
athelte: {name: Typo}
athlete:
  name: Runner
  body_mass_kg: -5
  established: [snc, yoga]
race:
  date: 2027-03-01
  distance: marathon
start: 2027-04-05
running:
  week: {mon: easy, tue: workout, wed: easy, thu: easy, fri: rest, sat: easy, sun: long}
  run_slot: noon
availability:
  gym_dayz: [mon]
  unavailable: [2027-08-07..2027-08-01, 2027-02-30]
coach:
  slots: {mon: [pm], xyz: [am]}
rules:
  intro_gap_weeks: 30
weights:
  S2: -1
name: Twice
"""
MANY_EXPECTED = [
    (2, "athelte"),
    (5, "athlete.body_mass_kg"),
    (6, "athlete.established[1]"),
    (8, "race.date"),  # race before start: a cross-field check, still reported with the rest
    (13, "running.run_slot"),
    (15, "availability.gym_dayz"),
    (16, "availability.unavailable[0]"),
    (16, "availability.unavailable[1]"),
    (18, "coach.slots.xyz"),
    (20, "rules.intro_gap_weeks"),
    (22, "weights.S2"),
    (23, "name"),  # duplicate key
]


def test_a_file_with_many_problems_reports_all_of_them_in_line_order(write):
    problems = problems_of(write("many.yaml", MANY))
    assert len(problems) == len(MANY_EXPECTED) == 12
    assert [(p.line, p.path) for p in problems] == MANY_EXPECTED
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_cli_counts_every_problem_of_the_file(write, tmp_path):
    path = write("many.yaml", MANY)
    result = run_solve(path, tmp_path / "plan.json")
    assert result.stderr.count("error: ") == 12
    assert "12 problems found; nothing was written." in result.stderr


# -- whole-file problems ------------------------------------------------------------------

FILE_CASES = {
    "empty file": ("s.yaml", b"", "is empty"),
    "whitespace-only file": ("s.yaml", b"  \n\t\n   \n", "is empty"),
    "binary file": ("s.yaml", b"name: x\x00\x01\x02\xff", "is a binary file"),
    "non-UTF-8 file": ("s.yaml", "name: Ren\u00e9e\n".encode("latin-1"), "is not UTF-8 text"),
    "unknown suffix": ("s.txt", scenario_text().encode(), "unknown file type '.txt'"),
}


@pytest.mark.parametrize("name, content, expected", FILE_CASES.values(), ids=FILE_CASES.keys())
def test_unreadable_files_get_one_file_level_problem(write, tmp_path, name, content, expected):
    path = write(name, content)
    problems = problems_of(path)
    assert [(p.file, p.path) for p in problems] == [(str(path), "(file)")]
    assert expected in problems[0].message
    result = run_solve(path, tmp_path / "plan.json")
    assert expected in result.stderr
    assert not (tmp_path / "plan.json").exists()


def test_a_missing_file_is_named(tmp_path):
    path = tmp_path / "nowhere.yaml"
    [problem] = problems_of(path)
    assert (problem.file, problem.message) == (str(path), "no such file")
    result = run_solve(path, tmp_path / "plan.json")
    assert f"error: {path}: (file): no such file" in result.stderr


def test_a_directory_is_not_a_scenario(tmp_path):
    folder = tmp_path / "athletes.yaml"
    folder.mkdir()
    [problem] = problems_of(folder)
    assert "is a directory" in problem.message
    result = run_solve(folder, tmp_path / "plan.json")
    assert f"error: {folder}: (file): is a directory" in result.stderr


def test_a_top_level_list_is_not_a_mapping(write):
    [problem] = problems_of(write("list.yaml", "- name: A\n- name: B\n"))
    assert (problem.path, problem.line) == ("(top level)", 1)
    assert "expected a mapping of fields" in problem.message


def test_a_yaml_tag_never_runs_code(write, tmp_path):
    marker = tmp_path / "ran"
    path = write("evil.yaml", scenario_text(
        {1: f'name: !!python/object/apply:os.system ["touch {marker}"]'}))
    problems_of(path)
    run_solve(path, tmp_path / "plan.json")
    assert not marker.exists()


def test_yaml_aliases_that_expand_too_far_are_refused(write):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 7):  # 10**7 values once expanded
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    [problem] = problems_of(write("bomb.yaml", "\n".join(lines) + "\n"))
    assert problem.path == "(file)"
    assert f"more than {MAX_VALUES} values" in problem.message


@pytest.mark.parametrize("name, text", [
    ("deep.yaml", "name: " + "[" * 3000 + "]" * 3000 + "\n"),
    ("deep.json", '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    ("deep.toml", "name = " + "[" * 3000 + "]" * 3000 + "\n"),
])
def test_absurdly_deep_nesting_is_a_problem_not_a_crash(write, name, text):
    [problem] = problems_of(write(name, text))
    assert problem.path == "(file)"


def test_yaml_merge_keys_and_aliases_still_work(write):
    """``<<: {...}`` and ``*alias`` are plain YAML, not tags to refuse."""
    text = scenario_text({3: "  <<: {name: Test Runner, sex: female}", 4: None,
                          17: "  slots: {mon: &evening [pm], thu: *evening}"})
    scenario = Scenario.load(write("merge.yaml", text))
    assert scenario.athlete.name == "Test Runner"
    assert scenario.coach is not None and len(scenario.coach.slots) == 2


# -- TOML and JSON validate the same way --------------------------------------------------

TOML_BAD = """\
name = "Test scenario"
start = 2027-04-05

[athlete]
name = "Test Runner"
body_mass_kg = -5
established = ["snc", "yoga"]

[race]
date = 2027-03-01
distance = "10k"

[running.week]
mon = "easy"
tue = "workout"
wed = "easy"
thu = "easy"
fri = "rest"
sat = "easy"
sun = "long"

[availability]
gym_dayz = ["mon"]
unavailable = ["2027-08-07..2027-08-01"]

[rules]
intro_gap_weeks = 30
"""
JSON_BAD = """\
{
  "name": "Test scenario",
  "start": "2027-04-05",
  "athlete": {
    "name": "Test Runner",
    "body_mass_kg": -5,
    "established": ["snc", "yoga"]
  },
  "race": {"date": "2027-03-01", "distance": "10k"},
  "running": {"week": {"mon": "easy", "tue": "workout", "wed": "easy", "thu": "easy",
                       "fri": "rest", "sat": "easy", "sun": "long"}},
  "availability": {
    "gym_dayz": ["mon"],
    "unavailable": ["2027-08-07..2027-08-01"]
  },
  "rules": {"intro_gap_weeks": 30}
}
"""
YAML_BAD = """\
name: Test scenario
start: 2027-04-05
athlete:
  name: Test Runner
  body_mass_kg: -5
  established: [snc, yoga]
race: {date: 2027-03-01, distance: 10k}
running:
  week: {mon: easy, tue: workout, wed: easy, thu: easy, fri: rest, sat: easy, sun: long}
availability:
  gym_dayz: [mon]
  unavailable: [2027-08-07..2027-08-01]
rules: {intro_gap_weeks: 30}
"""


def test_toml_json_and_yaml_report_the_same_problems(write):
    found = {}
    for name, text in (("s.yaml", YAML_BAD), ("s.toml", TOML_BAD), ("s.json", JSON_BAD)):
        found[name] = problems_of(write(name, text))
    messages = {name: [(p.path, p.message) for p in problems]
                for name, problems in found.items()}
    assert sorted(messages["s.yaml"]) == sorted(messages["s.toml"]) == \
        sorted(messages["s.json"])
    assert len(messages["s.yaml"]) == 6
    assert [p.line for p in found["s.json"]] == [6, 7, 9, 13, 14, 16]
    assert all(p.line is None for p in found["s.toml"])


@pytest.mark.parametrize("name, text, line, expected", [
    ("bad.json", '{\n  "name": "x",\n  "athlete": {"name": "A",}\n}\n', 3,
     "malformed JSON (column 27): Expecting property name"),
    ("bad.toml", 'name = "x"\nstart = 2027-04-05\n[athlete\nname = "A"\n', 3,
     "malformed TOML: Expected ']'"),
    ("bad.toml", 'name = "x"\nstart = 2027-02-30\n', 2, "malformed TOML: Invalid date"),
    ("dup.toml", 'name = "x"\nname = "y"\n', 2, "(a key or table given twice?)"),
    ("bad.yaml", "name: x\nathlete: {name: [A}\n", 2, "malformed YAML (column"),
])
def test_malformed_files_name_the_line_where_the_parser_stopped(write, tmp_path, name, text,
                                                               line, expected):
    path = write(name, text)
    [problem] = problems_of(path)
    assert (problem.path, problem.line) == ("(file)", line)
    assert expected in problem.message
    result = run_solve(path, tmp_path / "plan.json")
    assert f"error: {path}:{line}: (file): malformed" in result.stderr


def test_json_duplicate_keys_are_reported_with_their_line(write):
    text = JSON_BAD.replace('"name": "Test Runner",', '"name": "Test Runner",\n    '
                            '"name": "Again",')
    problems = problems_of(write("dup.json", text))
    duplicates = [p for p in problems if "duplicate key" in p.message]
    assert [(p.path, p.line) for p in duplicates] == [("athlete.name", 6)]


# -- the output path ----------------------------------------------------------------------

def test_an_output_folder_that_does_not_exist_is_refused_before_solving(write, tmp_path):
    path = write("ok.yaml", scenario_text())
    out = tmp_path / "missing" / "plan.json"
    result = run_solve(path, out)
    assert f"error: {out}: cannot be written: the folder" in result.stderr
    assert "solving" not in result.stderr.split("error:")[-1]
    assert not out.parent.exists()


# -- the help and the schema --------------------------------------------------------------

def test_solve_help_shows_an_example():
    result = CliRunner().invoke(cli, ["solve", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert "stridelift solve scenarios/novice-marathon.yaml" in result.output


# -- property: nothing but InputError ------------------------------------------------------

@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=st.integers(1, len(VALID_LINES)), junk=st.text(max_size=40))
def test_any_single_line_change_loads_or_raises_input_error(write, line, junk):
    """Replace any line with any text: the loader returns a scenario or raises InputError."""
    path = write("fuzz.yaml", scenario_text({line: junk.replace("\n", " ")}))
    try:
        Scenario.load(path)
    except InputError as error:
        assert all(isinstance(p, Problem) and p.file == str(path) for p in error.problems)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=200), suffix=st.sampled_from([".yaml", ".toml", ".json"]))
def test_arbitrary_bytes_load_or_raise_input_error(write, content, suffix):
    path = write("fuzz" + suffix, content)
    with pytest.raises(InputError):
        Scenario.load(path)


JSON_LIKE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
    | st.dates().map(str) | st.sampled_from(["mon", "pm", "snc", "race", "2027-05-01..2027-05-03"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=4),
    max_leaves=12)


def _paths(data: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(_paths(value, prefix + (key,)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.extend(_paths(value, prefix + (index,)))
    return out


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_value_anywhere_validates_or_raises_input_error(data):
    """Put any JSON-like value at any place of a valid scenario: a scenario or InputError."""
    document = parse_text(scenario_text(), "yaml", "fuzz.yaml").data
    where = data.draw(st.sampled_from(_paths(document)[1:]))
    value = data.draw(JSON_LIKE)
    parent = document
    for part in where[:-1]:
        parent = parent[part]
    parent[where[-1]] = value
    try:
        Scenario.from_data(document, "fuzz.yaml")
    except InputError as error:
        assert error.problems and all(p.file == "fuzz.yaml" for p in error.problems)
        json.dumps([p.to_dict() for p in error.problems], allow_nan=False)  # strict JSON
