"""``stridelift bench``: how fast plans come, on this machine, measured the same way each time."""

from __future__ import annotations

import json

import click

from ..bench import DEFAULT_REPEAT, DEFAULT_SIZES, bench
from . import cli
from .common import SECONDS, check_output, err, write_output

MIN_WEEKS, MAX_WEEKS = 2, 104  # the horizon a scenario may have (models.scenario)
MAX_SQUAD = 200


def _numbers(low: int, high: int, what: str):
    """A click callback: ``"12,24,52"`` to ``(12, 24, 52)``, each within ``low..high``."""

    def parse(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, ...]:
        if value is None or value == "":
            return ()
        out = []
        for part in value.split(","):
            part = part.strip()
            if not part.isdigit() or not low <= int(part) <= high:
                raise click.BadParameter(
                    f"expected {what} from {low} to {high}, separated by commas (got {part!r})")
            out.append(int(part))
        return tuple(out)

    return parse


@cli.command("bench")
@click.option("--sizes", callback=_numbers(MIN_WEEKS, MAX_WEEKS, "plan lengths in weeks"),
              default=",".join(map(str, DEFAULT_SIZES)), show_default=True, metavar="WEEKS,...",
              help="Plan lengths to measure, one synthetic athlete each.")
@click.option("--squad", "squads", callback=_numbers(2, MAX_SQUAD, "squad sizes"), default=None,
              metavar="N,...", help="Also plan synthetic squads of N athletes (24 weeks, a "
                                    "shared coach and gym, H18).")
@click.option("--repeat", type=click.IntRange(1, 50), default=DEFAULT_REPEAT, show_default=True,
              help="Runs per size, each in a fresh process; medians are reported.")
@click.option("--seed", type=click.IntRange(0), default=0, show_default=True,
              help="Which synthetic athlete (the same seed is the same athlete).")
@click.option("--athletes", type=click.IntRange(1, 1000), default=1, show_default=True,
              help="Synthetic athletes per plan length (seeds SEED, SEED+1, ...).")
@click.option("--time-limit", type=SECONDS, default=60.0,
              show_default=True, metavar="S", help="Wall-clock limit of each solve.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="CP-SAT workers per solve.")
@click.option("--json", "json_path", type=click.Path(), default=None, metavar="FILE",
              help="Also write every run and the medians as JSON (stridelift.bench/1); "
                   "'-' prints it instead of the table.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def bench_command(sizes: tuple[int, ...], squads: tuple[int, ...], repeat: int, seed: int,
                  athletes: int, time_limit: float, workers: int, json_path: str | None,
                  quiet: bool) -> None:
    """Measure model size, time to the first and the optimal plan, the greedy baseline and
    peak memory on seeded synthetic athletes (and squads), median of --repeat runs.

    \b
    Examples:
      stridelift bench                                   # 12, 24, 52, 104 weeks, 3 runs each
      stridelift bench --sizes 24 --repeat 5 --json bench.json
      stridelift bench --sizes 52,104 --athletes 8 --repeat 1  # spread over athletes
      stridelift bench --sizes 24 --squad 4,12 --repeat 1
    """
    if not sizes and not squads:
        raise click.BadParameter("nothing to measure: give --sizes or --squad",
                                 param_hint="'--sizes'")
    if json_path not in (None, "-"):
        check_output(json_path)
    report = bench(sizes, repeat=repeat, seed=seed, athletes=athletes, time_limit=time_limit,
                   workers=workers, squads=squads, progress=None if quiet else err)
    document = json.dumps(report.to_dict(), indent=2, sort_keys=True) + "\n"
    if json_path == "-":
        click.echo(document, nl=False)
        return
    if json_path is not None:
        write_output(json_path, document)
    click.echo(report.table())
    machine = report.machine()
    who = (f"seed {seed}" if athletes == 1
           else f"{athletes} athletes, seeds {seed}-{seed + athletes - 1}")
    click.echo(f"\nmedian of {repeat} run{'s' if repeat != 1 else ''} per athlete; {who}; "
               f"{workers} CP-SAT worker{'s' if workers != 1 else ''}; {machine['cores']} "
               f"cores; OR-Tools {machine['ortools']}; time limit {time_limit:g} s")
