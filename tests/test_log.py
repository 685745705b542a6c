"""The training log: its forms (YAML short and full, CSV), and validation like a scenario's —
every problem at once, with file, line, field path and value, checked against the plan."""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner

from models import InputError
from models.log import TrainingLog, load_log
from models.vocabulary import Kind, Placement, Slot
from optimizer.cli import cli

from .live import day, plan


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def problems(path, base=None, since=None) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_log(path, base, since, label=path.name)
    return [str(p) for p in caught.value.problems]


def test_the_formats_md_example_reads_in_both_forms(tmp_path):
    path = write(tmp_path, "log.yaml", """
        days:
          2027-03-01: {done: [snc]}                        # kinds done, as planned
          2027-03-03: {missed: [lift]}                     # planned, not done
          2027-03-10:                                      # done, with what was lifted
            done:
              - kind: lift
                slot: pm
                exercises: [{name: back squat, sets: 3, reps: 5, load_kg: 42.5}]
          2027-03-13: {soreness: 6}                        # 0-10, felt on a quality run
          2027-03-14:
        unavailable: [2027-04-01..2027-04-07]              # new dates away (sick, travel)
        """)
    log = load_log(path, plan())
    assert log.days[day("2027-03-01")].done[0].kind is Kind.SNC
    lifted = log.days[day("2027-03-10")].done[0]
    assert (lifted.slot, lifted.exercises[0].load_kg) == (Slot.PM, 42.5)
    assert log.days[day("2027-03-13")].soreness == 6
    assert day("2027-03-14") in log.days and not log.days[day("2027-03-14")].done
    assert len(log.unavailable_dates()) == 7
    assert log.last_logged == day("2027-03-14")


def test_every_problem_is_reported_at_once_with_line_path_and_value(tmp_path):
    path = write(tmp_path, "log.yaml", """
        days:
          2027-03-01: {done: [snc, snc]}
          2027-03-03: {missed: [lift, hills]}
          2027-03-05:
            done:
              - kind: snc
                exercises: [{name: push ups, load_kg: 5}, {name: bench press}]
          2027-03-06: {soreness: 11}
          2027-02-30: {}
          2027-03-08: {done: [plyo], missed: [snc]}
          2027-03-10: {done: [lift], missed: [lift]}
          2027-06-01: {done: [snc]}
        unavailable: [2027-04-10..2027-04-01]
        """)
    found = problems(path, plan())
    expected = [
        "log.yaml:2: days.2027-03-01.done[1].kind: this kind is listed twice as done on the "
        "same date (got 'snc')",
        "log.yaml:3: days.2027-03-03.missed[1]: the plan holds no hills session on this date "
        "(it holds lift) (got 'hills')",
        "log.yaml:7: days.2027-03-05.done[0].exercises[0].load_kg: a load is logged for lift "
        "and power exercises only (got 5.0)",
        "log.yaml:7: days.2027-03-05.done[0].exercises[1].name: not a snc exercise; expected "
        "one of: hamstring bridge, hamstring plank, donkey kicks, push-ups, front plank, side "
        "plank, bird dog, dead bug, glute bridge march, clamshell (got 'bench press')",
        "log.yaml:8: days.2027-03-06.soreness: expected a whole number from 0 to 10 (got 11)",
        "log.yaml:9: days.2027-02-30: bad key: not a real calendar date (got '2027-02-30')",
        "log.yaml:10: days.2027-03-08.done[0].placement: plyo that the plan did not hold that "
        "day needs its placement: warmup, after-run, gym or standalone",
        "log.yaml:11: days.2027-03-10.done[0].kind: this kind is listed as done and as missed "
        "(got 'lift')",
        "log.yaml:12: days.2027-06-01: this date is not inside the plan "
        "(2027-03-01..2027-05-23) (got 2027-06-01)",
        "log.yaml:13: unavailable[0]: the range ends (2027-04-01) before it starts "
        "(2027-04-10); write FIRST..LAST (got '2027-04-10..2027-04-01')",
    ]
    assert found == expected


def test_a_log_must_end_before_the_replan_date_and_cannot_do_what_it_marks_away(tmp_path):
    path = write(tmp_path, "log.yaml", """
        days:
          2027-03-01: {done: [snc]}
          2027-03-12: {done: [snc]}
        unavailable: [2027-03-12]
        """)
    found = problems(path, plan(), since=day("2027-03-05"))
    assert found == [
        "log.yaml:3: days.2027-03-12: logged on or after the replan date 2027-03-05: the log "
        "says what happened before it (new dates away go under unavailable) "
        "(got 2027-03-12)",
        "log.yaml:3: days.2027-03-12.done[0]: this date is marked unavailable in the log; "
        "nothing can be done on it (got 'snc')",
    ]


def test_a_csv_log_reads_like_the_yaml_one_and_names_rows(tmp_path):
    good = write(tmp_path, "log.csv", """
        date,done,missed,soreness,unavailable
        2027-03-01,snc,,,
        2027-03-03,,lift,,
        2027-03-04,lift@pm plyo/gym@pm,,,
        2027-03-06,,,7,
        2027-04-01,,,,yes
        """)
    log = load_log(good, plan())
    plyo = log.days[day("2027-03-04")].done[1]
    assert (plyo.kind, plyo.placement, plyo.slot) == (Kind.PLYO, Placement.GYM, Slot.PM)
    assert log.days[day("2027-03-06")].soreness == 7
    assert log.unavailable_dates() == {day("2027-04-01")}
    bad = write(tmp_path, "bad.csv", """
        date,done,missed,soreness,mood
        2027-03-01,snc,,lots,
        2027-03-01,,,,
        2027-03-03,hillz,,,
        """)
    assert problems(bad, plan()) == [
        "bad.csv:1: (header): unknown column(s): mood; expected date, done, missed, soreness, "
        "unavailable, note",
        "bad.csv:2: days.2027-03-01.soreness: expected a whole number (got 'lots')",
        "bad.csv:3: days.2027-03-01: date given twice (first on line 2)",
        "bad.csv:4: days.2027-03-03.done[0].kind: expected 'snc', 'lift', 'power', 'plyo' or "
        "'hills' (got 'hillz')",
    ]


def test_an_empty_log_is_valid_and_empty(tmp_path):
    log = load_log(write(tmp_path, "log.yaml", "days: {}\n"), plan())
    assert log.empty and log.last_logged is None
    assert TrainingLog().empty


def test_schema_log_describes_the_log_and_validates_an_example(tmp_path):
    import jsonschema

    result = CliRunner().invoke(cli, ["schema", "log"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    example = {"days": {"2027-03-01": {"done": ["snc", {"kind": "lift", "slot": "pm"}],
                                       "soreness": 3}},
               "unavailable": ["2027-04-01..2027-04-03"]}
    jsonschema.validate(example, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"days": {"2027-03-01": {"sorenes": 3}}}, schema)
