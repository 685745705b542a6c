"""Squads: one joint model under H18, fairness, the squad checker, infeasible squads, the CLI."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest
from click.testing import CliRunner

from models import Plan
from models.squad import Squad
from optimizer import check, check_squad, solve_many, solve_squad
from optimizer.cli import cli
from optimizer.squad import SHARE_FLOOR_POINTS, SquadModel, share_of
from optimizer.squad_greedy import greedy_sessions

from .squads import runner, write_squad


def holdout_squad(tmp_path, gym: int = 4) -> Squad:
    """Eight runners whose solo plans all lift on the same afternoon; four of them have not
    started lifting (no snc weeks needed first), so their first four weeks of lifting are
    supervised, and the coach takes two at a time on three afternoons a week."""
    athletes = [runner(i, race={"date": "2027-02-14"}, rules={"snc_weeks_before_lift": 0},
                       athlete={"established": ["snc", "lift"] if i <= 4 else ["snc"]})
                for i in range(1, 9)]
    return Squad.load(write_squad(tmp_path, athletes, gym=gym))


@pytest.fixture(scope="module")
def holdout(tmp_path_factory):
    squad = holdout_squad(tmp_path_factory.mktemp("holdout"))
    # A deterministic work limit: the same (possibly unproven) plans on every run.
    return squad, solve_squad(squad, time_limit=60, deterministic_limit=4.0, jobs=2)


def test_holdout_joint_plans_keep_h18_on_every_date_and_slot(holdout):
    squad, result = holdout
    assert result.feasible
    solo_plans = [a.solo.plan for a in result.athletes]
    clash = [v.message for v in check_squad(squad, solo_plans) if v.rule == "H18"]
    assert any("in the gym" in m for m in clash)  # alone, they all collide
    assert any("supervised" in m for m in clash)
    assert check_squad(squad, result.plans) == []
    for scenario, plan in zip(squad.athletes, result.plans):
        assert check(scenario, plan) == []
    for slot in result.roster:
        assert len(slot.gym) <= squad.gym.capacity
        assert len(slot.supervised) <= squad.coach.capacity
        assert not slot.supervised or slot.coach_available
    assert max(len(s.supervised) for s in result.roster) == 2  # the coach is used fully


def test_holdout_reports_the_worst_athletes_price_of_sharing(holdout):
    _, result = holdout
    summary = result.to_dict()
    fairness = summary["fairness"]
    worst = result.worst
    assert fairness["worst_athlete"] == worst.name
    assert fairness["worst_price_of_sharing"] == worst.price > 0
    assert fairness["worst_share_per_mille"] == pytest.approx(worst.share)
    assert worst.share == min(a.share for a in result.athletes) < 1000
    for athlete in summary["athletes"]:
        assert athlete["price_of_sharing"] == athlete["solo_optimum"] - athlete["score"]
    assert summary["timing"]["first_solution_seconds"] is not None
    assert 0 <= summary["solver"]["gap"] < 1


def test_capacity_changes_the_optimum(tmp_path):
    # Lifting on Wednesday pm earns S3 (+2) and costs S2 (-1): every runner's solo optimum
    # lifts there each week. A gym for 8 changes nothing; a gym for 4 sends four runners to
    # another afternoon every week, and the proven squad optimum is lower.
    athletes = [runner(i) for i in range(1, 9)]
    roomy = Squad.load(write_squad(tmp_path / "roomy", athletes, gym=8,
                                   coach={"slots": {"wed": ["pm"]}, "capacity": 8}))
    tight = Squad.load(write_squad(tmp_path / "tight", athletes, gym=4))
    free = solve_squad(roomy, time_limit=30, jobs=1)
    shared = solve_squad(tight, time_limit=30, jobs=1)
    assert free.optimal and shared.optimal
    solo_total = sum(a.solo_score for a in free.athletes)
    assert free.total_score == solo_total and free.worst_share == 1000
    assert shared.total_score < solo_total
    assert shared.worst_share < 1000
    assert check_squad(tight, free.plans) != []  # the roomy optimum overfills the small gym
    assert check_squad(tight, shared.plans) == []


def test_same_squad_and_seed_give_the_same_plans(tmp_path):
    squad = Squad.load(write_squad(tmp_path, [runner(i) for i in range(1, 4)], gym=1))
    first = solve_squad(squad, time_limit=30, seed=2, jobs=1)
    second = solve_squad(squad, time_limit=30, seed=2, jobs=1)
    assert first.optimal and first.deterministic

    def without_wall(plan: Plan) -> dict:
        data = json.loads(plan.to_json())
        data["solver"].pop("wall_seconds")
        return data

    assert [without_wall(p) for p in first.plans] == [without_wall(p) for p in second.plans]


def test_squad_checker_catches_hand_made_plans_that_break_h18(tmp_path):
    squad = Squad.load(write_squad(tmp_path, [runner(i) for i in range(1, 4)], gym=2))
    plans = [r.plan for r in solve_many(list(squad.athletes), time_limit=10, jobs=1)]
    for scenario, plan in zip(squad.athletes, plans):
        assert check(scenario, plan) == []  # each plan is fine alone
    violations = check_squad(squad, plans)
    assert violations and {v.rule for v in violations} == {"H18"}
    lifting = [d.date for d, s in plans[0].sessions() if s.kind.value == "lift"]
    assert sorted(v.date for v in violations) == lifting  # every week, all three lift together
    assert "3 athletes in the gym" in violations[0].message
    assert check_squad(squad, plans[:2])[0].rule == "format"


def test_h18_is_posted_only_where_more_athletes_could_come_than_fit(tmp_path):
    athletes = [runner(i) for i in range(1, 4)]
    roomy = Squad.load(write_squad(tmp_path / "a", athletes, gym=3,
                                   coach={"slots": {"wed": ["pm"]}, "capacity": 3}))
    tight = Squad.load(write_squad(tmp_path / "b", athletes, gym=2))
    assert SquadModel(roomy).limits == []
    limits = SquadModel(tight).limits
    assert limits and all(len(lim.users) == 3 and lim.capacity == 2 for lim in limits)
    # Lifting is established, plyo is new: its first weeks need the coach too (H17).
    assert {lim.key.resource for lim in limits} == {"gym", "coach"}


def test_share_is_the_solo_optimum_kept_with_a_floor_for_small_optima():
    assert share_of(90, 100) == pytest.approx(900)
    assert share_of(100, 100) == 1000
    # A solo optimum of -4 points: the share is measured against the 10-point floor.
    assert share_of(-9, -4) == pytest.approx(1000 * (1 - 5 / SHARE_FLOOR_POINTS))


def test_a_squad_that_cannot_fit_names_the_overflowing_slots(tmp_path):
    # Without double days Wednesday pm is the one gym slot; eight established lifters need
    # it every week (H11) and the gym holds four.
    athletes = [runner(i, athlete={"double_days": False}) for i in range(1, 9)]
    path = write_squad(tmp_path, athletes, gym=4)
    result = solve_squad(Squad.load(path), time_limit=20, jobs=1)
    assert result.status == "INFEASIBLE" and result.plans == [None] * 8
    overflow = result.conflict.overflows
    assert overflow and {(o.key.resource, o.key.date.strftime("%a"), o.key.slot.value)
                         for o in overflow} == {("gym", "Wed", "pm")}
    assert len(overflow[0].athletes) == 8 and overflow[0].capacity == 4
    assert result.conflict.fits == {"gym": 8}
    out = tmp_path / "plans"
    cli_result = CliRunner().invoke(cli, ["squad", str(path), "--output-dir", str(out)])
    assert cli_result.exit_code == 3
    assert "(Wed) pm: 4 in the gym at most" in cli_result.stdout
    assert "gym.capacity: 8" in cli_result.stdout
    assert not out.exists()


def test_an_athlete_without_a_plan_alone_makes_the_squad_infeasible(tmp_path):
    athletes = [runner(1), runner(2, availability={"gym_days": ["mon"]})]
    result = solve_squad(Squad.load(write_squad(tmp_path, athletes)), time_limit=10, jobs=1)
    assert result.status == "INFEASIBLE"
    assert result.athletes_without_plan == ["Runner 2"]


def test_squad_command_writes_plans_summary_and_roster(tmp_path):
    path = write_squad(tmp_path, [runner(i) for i in range(1, 4)], gym=2)
    out = tmp_path / "plans"
    result = CliRunner().invoke(cli, ["squad", str(path), "-d", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "roster.csv", "runner-1.json", "runner-2.json", "runner-3.json", "squad-summary.json"]
    squad = Squad.load(path)
    plans = [Plan.load(out / f"{stem}.json") for stem in squad.stems]
    assert check_squad(squad, plans) == []
    summary = json.loads((out / "squad-summary.json").read_text())
    assert [a["plan_file"] for a in summary["athletes"]] == ["runner-1.json", "runner-2.json",
                                                             "runner-3.json"]
    rows = list(csv.DictReader((out / "roster.csv").open()))
    assert rows and all(int(r["gym_use"]) <= int(r["gym_capacity"]) == 2 for r in rows)
    assert any(int(r["gym_use"]) == 2 for r in rows)
    for header in ("athlete", "status", "score", "solo optimum", "price of sharing"):
        assert header in result.stdout
    assert "worst share" in result.stdout
    assert "solving" in result.stderr


def test_squad_help_has_an_example_a_coach_can_copy():
    result = CliRunner().invoke(cli, ["squad", "--help"])
    assert "stridelift squad iten.yaml --output-dir plans/" in result.stdout
    assert "capacity" in result.stdout


def test_greedy_start_keeps_h18_where_the_solo_plans_do_not(tmp_path):
    squad = Squad.load(write_squad(tmp_path, [runner(i) for i in range(1, 9)], gym=4))
    solo = [r.plan for r in solve_many(list(squad.athletes), time_limit=10, jobs=1)]
    held = greedy_sessions(squad, solo, time_limit=10, seed=0, workers=1)
    assert held is not None

    def busiest(sessions) -> int:
        gym = Counter((date, slot) for athlete in sessions
                      for date, kind, _, slot in athlete if kind.value in ("lift", "power"))
        return max(gym.values())

    solo_held = [{(d.date, s.kind, s.placement, s.slot) for d, s in p.sessions()} for p in solo]
    assert busiest(solo_held) == 8 and busiest(held) == 4
