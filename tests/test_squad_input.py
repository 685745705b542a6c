"""Squad files: loading, the squad coach merged into each athlete, and every problem at once."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from models import InputError
from models.squad import Squad
from models.vocabulary import Slot, Weekday
from optimizer.cli import cli

from .squads import COACH, runner, write_squad


def problems_of(path) -> list:
    with pytest.raises(InputError) as caught:
        Squad.load(path)
    return caught.value.problems


def test_athletes_by_path_and_inlined_load_with_the_squad_coach(tmp_path):
    path = write_squad(tmp_path, [runner(1), runner(2)])
    squad = Squad.load(path)
    assert squad.names == ["Runner 1", "Runner 2"]
    assert squad.sources == (str(tmp_path / "athletes/a1.yaml"),
                             str(tmp_path / "athletes/a2.yaml"))
    assert squad.stems == ["runner-1", "runner-2"]
    assert squad.gym.capacity == 4 and squad.coach.capacity == 2
    # An athlete without a coach section trains with the squad's coach (H17).
    assert all(sc.coach == squad.coach for sc in squad.athletes)
    inline = Squad.load(write_squad(tmp_path / "inline", [runner(1), runner(2)], inline=True))
    assert inline.athletes == squad.athletes
    assert inline.sources[1].endswith("squad.yaml#athletes[1]")


def test_an_athletes_own_coach_slots_narrow_the_squad_coach(tmp_path):
    own = {"slots": {"wed": ["pm"]}, "unavailable": ["2027-01-13"], "capacity": 9}
    squad = Squad.load(write_squad(tmp_path, [runner(1, coach=own), runner(2)]))
    narrowed = squad.athletes[0].coach
    assert narrowed.slots == {Weekday.WED: [Slot.PM]}
    assert [str(s) for s in narrowed.unavailable] == ["2027-01-13"]
    assert narrowed.capacity == COACH["capacity"]  # the athlete's capacity means nothing here
    assert squad.athletes[1].coach.slots[Weekday.TUE] == [Slot.PM]


def test_every_problem_of_squad_and_athlete_files_at_once_with_file_and_line(tmp_path):
    broken = runner(2, athlete={"body_mass_kg": -5})
    broken["athelte"] = broken.pop("athlete")
    athletes = [runner(1, coach={"slots": {"mon": ["am"]}}), broken, runner(3),
                runner(4, name="copy", athlete={"name": "Runner 3"})]
    path = write_squad(tmp_path, athletes, gym=0, extra={"coahc": 1})
    text = path.read_text().replace("athletes/a3.yaml", "athletes/missing.yaml", 1)
    text = text.replace("- athletes/a4.yaml", "- athletes/a3.yaml\n- athletes/a4.yaml")
    path.write_text(text)
    problems = problems_of(path)
    found = {(p.file.rsplit("/", 1)[-1], p.path) for p in problems}
    assert ("squad.yaml", "gym.capacity") in found
    assert ("squad.yaml", "coahc") in found
    assert ("squad.yaml", "athletes[2]") in found  # missing file, named in the squad file
    assert ("a1.yaml", "coach.slots.mon") in found  # a slot the squad coach does not have
    # The misspelled section is named once, with its did-you-mean; "athlete is required"
    # would say the same thing twice.
    assert ("a2.yaml", "athelte") in found and ("a2.yaml", "athlete") not in found
    assert ("squad.yaml", "athletes[4]") in found  # a second 'Runner 3'
    assert all(p.line for p in problems)
    by_path = {p.path: p for p in problems}
    assert "did you mean 'coach'" in by_path["coahc"].message
    assert "Runner 3" in by_path["athletes[4]"].message
    assert by_path["athletes[2]"].value == "athletes/missing.yaml"


def test_an_inlined_athletes_problems_carry_their_path_inside_the_squad_file(tmp_path):
    path = write_squad(tmp_path, [runner(1), runner(2, athlete={"body_mass_kg": -5})],
                       inline=True)
    problems = problems_of(path)
    assert [p.path for p in problems] == ["athletes[1].athlete.body_mass_kg"]
    line = path.read_text().splitlines()[problems[0].line - 1]
    assert "body_mass_kg: -5" in line



def test_an_inlined_athletes_problem_without_a_value_stays_without_one(tmp_path):
    # An unknown field has no value; moved to its path inside the squad file it still has
    # none, so the message says no "(got None)" and the JSON form leaves the value out.
    path = write_squad(tmp_path, [runner(1), runner(2, athlete={"body_mas_kg": 60})],
                       inline=True)
    problems = problems_of(path)
    assert [p.path for p in problems] == ["athletes[1].athlete.body_mas_kg"]
    assert not problems[0].has_value and "(got" not in str(problems[0])
    assert "value" not in problems[0].to_dict()

def test_bad_squad_exits_2_and_writes_nothing(tmp_path):
    path = write_squad(tmp_path, [runner(1), runner(2, athlete={"body_mass_kg": -5})], gym=0)
    out = tmp_path / "plans"
    result = CliRunner().invoke(cli, ["squad", str(path), "--output-dir", str(out)])
    assert result.exit_code == 2
    assert "a2.yaml:" in result.stderr and "squad.yaml:" in result.stderr
    assert "2 problems found; nothing was written" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_squad_schema_offers_paths_or_inlined_scenarios():
    result = CliRunner().invoke(cli, ["schema", "squad"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    items = schema["properties"]["athletes"]["items"]["anyOf"]
    assert {"type": "string"} in items and {"$ref": "#/$defs/Scenario"} in items
    assert set(schema["required"]) == {"squad", "athletes", "coach", "gym"}
