# SPDX-License-Identifier: MPL-2.0
"""Benchmark national placement: 100,000 citizens × 5,000 offers, about 20 candidates each.

Run:  .venv/bin/python benchmarks/placement_national.py [--citizens 100000 --offers 5000]
      [--candidates 20] [--seed 1] [--repeat 5] [--processes 2] [--keep 4]
      [--geography postcode|jitter] [--verify]
Offers and citizens live at postcode points, as in regional planning (municipality weighted by
population, then one of its postcodes); `--geography jitter` instead rebuilds the 2026-11-22
instance, where every citizen and offer had its own point (a few km of jitter around its
municipality). Each offer serves one to three of twelve target groups at a level of
specialisation; each citizen needs one group at a level. A citizen's candidates are the
`--candidates` nearest offers that serve the group at the level or above (ties: lowest offer
index): that is the full model. It is built per kind of citizen (same point, same need) from
a point × point distance matrix, and solved by the pruned solver (each kind's `--keep` cheapest
arcs plus what the dual check adds; docs/adr/0011). The same problem is also solved by the
full model (OR-Tools on every candidate arc), by first-come nearest-first and by first-come
cheapest-first on the same score; `--verify` also solves the full LP with HiGHS (SciPy).
Build and solve are timed `--repeat` times (the median is reported: the machine is shared).
Results are appended to benchmarks/results/placement_national.md.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from samskab.placement.candidates import (
    KmBetween,
    between_points,
    candidates,
    km_matrix,
    per_citizen,
)
from samskab.placement.planning import (
    Assignment,
    Problem,
    Summary,
    Weights,
    check,
    greedy,
    optimise,
    summarise,
)
from samskab.placement.pruned import KEEP, Report, optimise_pruned
from samskab.terminology.geography import municipalities, postcodes, postcodes_by_municipality

GROUPS = 12
LEVELS = 3
RESULTS = Path(__file__).parent / "results" / "placement_national.md"

Points = Callable[[np.random.Generator, int], NDArray[np.int64]]


def _postcode_points() -> tuple[
    NDArray[np.float64], NDArray[np.float64], NDArray[np.int64], Points
]:
    """All postcode points with their region, and a draw of points: municipality by
    population, then one of its postcodes."""
    areas = postcodes()
    index = {(p.first, p.last): i for i, p in enumerate(areas)}
    towns = list(municipalities().values())
    weights = np.array([t.population for t in towns], float)
    local = []
    for town in towns:
        mine = postcodes_by_municipality()[town.code] or (
            min(areas, key=lambda p: (p.lat - town.lat) ** 2 + (p.lon - town.lon) ** 2),
        )
        local.append(np.array([index[(p.first, p.last)] for p in mine], np.int64))

    def draw(rng: np.random.Generator, count: int) -> NDArray[np.int64]:
        town = rng.choice(len(towns), size=count, p=weights / weights.sum())
        sizes = np.array([len(found) for found in local])
        pick = np.floor(rng.random(count) * sizes[town]).astype(np.int64)
        flat = np.concatenate(local)
        first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        point: NDArray[np.int64] = flat[first[town] + pick]
        return point

    lat = np.array([p.lat for p in areas])
    lon = np.array([p.lon for p in areas])
    regions = sorted({t.region_code for t in towns})
    region = np.zeros(len(areas), np.int64)
    for town in towns:
        for area in postcodes_by_municipality()[town.code]:
            region[index[(area.first, area.last)]] = regions.index(town.region_code)
    return lat, lon, region, draw


def _jitter(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The 2026-11-22 geography: a municipality by population plus a few km of jitter."""
    towns = list(municipalities().values())
    weights = np.array([t.population for t in towns], float)
    chosen = rng.choice(len(towns), size=count, p=weights / weights.sum())
    lat = np.array([t.lat for t in towns])[chosen] + rng.normal(0, 0.04, count)
    lon = np.array([t.lon for t in towns])[chosen] + rng.normal(0, 0.07, count)
    return lat, lon


@dataclass(frozen=True)
class Instance:
    """The synthetic waiting list and offers: what the database would hold."""

    citizens: int
    point_lat: NDArray[np.float64]
    point_lon: NDArray[np.float64]
    o_point: NDArray[np.int64]
    o_level: NDArray[np.int64]
    o_groups: list[NDArray[np.int64]]
    places: NDArray[np.int64]
    free: NDArray[np.int64]
    tariff: NDArray[np.float64]
    c_point: NDArray[np.int64]
    c_group: NDArray[np.int64]
    c_level: NDArray[np.int64]
    priority: NDArray[np.int64]
    # Postcode geography: points are shared, distances come from a point × point matrix.
    shared_points: bool
    # Region of each point (postcode geography only).
    point_region: NDArray[np.int64] | None


def generate(citizens: int, offers: int, seed: int, geography: str = "postcode") -> Instance:
    """A national instance with the same structure as a region's."""
    rng = np.random.default_rng(seed)
    region: NDArray[np.int64] | None = None
    if geography == "postcode":
        lat, lon, region, draw = _postcode_points()
        o_point = draw(rng, offers)
    else:
        o_lat, o_lon = _jitter(rng, offers)
    o_level = rng.choice([1, 2, 3], size=offers, p=[0.6, 0.3, 0.1])
    o_groups = [rng.choice(GROUPS, size=rng.integers(1, 4), replace=False) for _ in range(offers)]
    places = np.where(o_level == 3, rng.integers(4, 12, offers), rng.integers(8, 40, offers))
    occupied = np.floor(places * rng.uniform(0.55, 0.95, offers)).astype(np.int64)
    # Free places for about 85 % of the waiting citizens: some will stay unplaced.
    free = places - occupied
    free = np.maximum(0, np.rint(free * (0.85 * citizens / free.sum()))).astype(np.int64)
    tariff = np.array([1800.0, 2700.0, 4700.0])[o_level - 1] * rng.uniform(0.8, 1.2, offers)
    if geography == "postcode":
        c_point = draw(rng, citizens)
    else:
        # Every citizen and offer its own point: citizens first, then offers.
        c_lat, c_lon = _jitter(rng, citizens)
        lat, lon = np.concatenate([c_lat, o_lat]), np.concatenate([c_lon, o_lon])
        c_point, o_point = np.arange(citizens), citizens + np.arange(offers)
    c_group = rng.integers(0, GROUPS, citizens)
    c_level = rng.choice([1, 2, 3], size=citizens, p=[0.6, 0.3, 0.1])
    return Instance(
        citizens,
        lat,
        lon,
        o_point,
        o_level,
        o_groups,
        places,
        free,
        tariff,
        c_point,
        c_group,
        c_level,
        rng.permutation(citizens).astype(np.int64),
        geography == "postcode",
        region,
    )


def model(data: Instance, count: int, regional: bool = False) -> Problem:
    """The full model (every citizen's `count` nearest admissible offers), built per kind;
    `regional`: only offers in the citizen's own region, as regional planning does."""
    offers = len(data.o_level)
    km_between: KmBetween
    if data.shared_points:
        km_between = between_points(data.point_lat, data.point_lon)
    else:
        lat, lon = data.point_lat, data.point_lon

        def km_between(rows: NDArray[np.int64], cols: NDArray[np.int64]) -> NDArray[np.float64]:
            return km_matrix(lat[rows], lon[rows], lat[cols], lon[cols])

    serves = np.zeros((offers, GROUPS), bool)
    for offer, groups in enumerate(data.o_groups):
        serves[offer, groups] = True
    # misfit[need, offer]: over-specialisation steps, -1 when the offer is not admissible.
    over = data.o_level[None, :] - np.arange(1, LEVELS + 1)[:, None]
    admissible = serves.T[:, None, :] & (over >= 0)[None, :, :]
    misfit = np.where(admissible, over[None, :, :], -1).reshape(GROUPS * LEVELS, offers)
    needs = GROUPS * LEVELS
    need = data.c_group * LEVELS + (data.c_level - 1)
    keys, kind_of = np.unique(data.c_point * needs + need, return_inverse=True)
    kind_of = kind_of.reshape(-1).astype(np.int64)
    kind_point, kind_need = keys // needs, keys % needs
    if regional and data.point_region is not None:
        # A need per region: admissible only in the region's own offers.
        region = data.point_region
        count_regions = int(region.max()) + 1
        inside = region[data.o_point][None, :] == np.arange(count_regions)[:, None]
        misfit = np.where(inside[:, None, :], misfit[None, :, :], -1).reshape(-1, offers)
        kind_need = region[kind_point] * needs + kind_need
    found = candidates(kind_point, kind_need, data.o_point, misfit, km_between, count)
    citizen, arc = per_citizen(found, kind_of)
    arc_offer = found.offer[arc]
    problem = Problem(
        citizens=data.citizens,
        capacity=data.free,
        arc_citizen=citizen,
        arc_offer=arc_offer,
        km=found.km[arc],
        misfit=found.misfit[arc],
        tariff=data.tariff[arc_offer],
        priority=data.priority,
        weights=Weights(),
        kind=kind_of,
    )
    return problem


def _cpu() -> float:
    """CPU seconds of this process and its finished children."""
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


@dataclass
class Runs:
    """Wall and CPU seconds of each timed step, one entry per repetition."""

    wall: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def add(self, step: str, wall: float, cpu: float) -> None:
        """Record one repetition of a step."""
        self.wall.setdefault(step, []).append(wall)
        self.cpu.setdefault(step, []).append(cpu)

    def median(self, step: str) -> str:
        """'wall s (CPU s)' medians of a step."""
        return (
            f"{statistics.median(self.wall[step]):.2f} s "
            f"(CPU {statistics.median(self.cpu[step]):.2f} s)"
        )


def _timed(
    args: argparse.Namespace, data: Instance
) -> tuple[Runs, Problem, Assignment, Report, Assignment, Report]:
    runs = Runs()
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), _cpu()
        problem = model(data, args.candidates)
        built_wall, built_cpu = time.perf_counter(), _cpu()
        optimum, report = optimise_pruned(problem, processes=args.processes)
        solved_wall, solved_cpu = time.perf_counter(), _cpu()
        pruned, pruned_report = optimise_pruned(problem, keep=args.keep, processes=args.processes)
        runs.add("build", built_wall - wall, built_cpu - cpu)
        runs.add("solve", solved_wall - built_wall, solved_cpu - built_cpu)
        runs.add("total", solved_wall - wall, solved_cpu - cpu)
        runs.add("pruned", time.perf_counter() - solved_wall, _cpu() - solved_cpu)
    return runs, problem, optimum, report, pruned, pruned_report


def _row(summary: Summary) -> str:
    return (
        f"| {summary.method} | {summary.cost:,.0f} | {summary.placed:,} | "
        f"{summary.unplaced:,} | {summary.mean_km:.1f} | {summary.max_km:.0f} | "
        f"{summary.misfits:,} | {summary.specialised_occupancy:.1%} |"
    )


def _seconds(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def _regional(args: argparse.Namespace, data: Instance) -> list[str]:
    """Regional planning's model (offers in the citizen's own region only): the regions share
    no offer, so they are independent parts, solved in one process and in several."""
    runs = Runs()
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), _cpu()
        problem = model(data, args.candidates, regional=True)
        built_wall, built_cpu = time.perf_counter(), _cpu()
        alone, report = optimise_pruned(problem, processes=1)
        solved_wall, solved_cpu = time.perf_counter(), _cpu()
        apart, parallel = optimise_pruned(problem, processes=args.processes)
        runs.add("build", built_wall - wall, built_cpu - cpu)
        runs.add("one", solved_wall - built_wall, solved_cpu - built_cpu)
        runs.add("apart", time.perf_counter() - solved_wall, _cpu() - solved_cpu)
    full = optimise(problem)
    same = alone.cost == apart.cost == full.cost
    return [
        f"- regional planning's model (offers of the citizen's own region only, "
        f"{len(problem.arc_citizen):,} citizen arcs, {report.kinds:,} kinds): "
        f"{report.components} independent parts (connected components: the regions, split "
        f"further where no candidate joins them; the largest {report.largest_component:,} "
        f"kinds); build {runs.median('build')}; solve in one "
        f"process {runs.median('one')}, in {parallel.processes} processes "
        f"{runs.median('apart')}; optimum {alone.cost / 10:,.1f} in both vs its full model "
        f"{full.cost / 10:,.1f}: {'equal' if same else 'DIFFERENT'}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--offers", type=int, default=5_000)
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--keep", type=int, default=KEEP)
    parser.add_argument("--geography", choices=["postcode", "jitter"], default="postcode")
    parser.add_argument("--verify", action="store_true", help="also solve the LP with HiGHS")
    args = parser.parse_args()

    started = time.perf_counter()
    data = generate(args.citizens, args.offers, args.seed, args.geography)
    generated = time.perf_counter() - started
    model(data, args.candidates)  # warm-up: imports and the geography caches
    load = os.getloadavg()
    runs, problem, optimum, report, pruned, pruned_report = _timed(args, data)
    full_wall, full_cpu = time.perf_counter(), _cpu()
    full = optimise(problem)
    full_wall, full_cpu = time.perf_counter() - full_wall, _cpu() - full_cpu
    nearest = greedy(problem, by="km")
    cheapest = greedy(problem, by="cost")
    plans = [
        replace(optimum, method="optimal (by kind)"),
        replace(pruned, method=f"optimal (pruned to {args.keep})"),
        replace(full, method="full model"),
        replace(nearest, method="first-come nearest"),
        replace(cheapest, method="first-come cheapest"),
    ]
    wrong = [w for plan in plans for w in check(problem, plan)]
    if wrong:
        raise SystemExit(f"invalid assignment: {wrong}")
    occupied = data.places - data.free
    summaries = [
        summarise(problem, plan, data.places, occupied, data.o_level == 3) for plan in plans
    ]
    best = summaries[0]
    same = optimum.cost == full.cost == pruned.cost
    lines = [
        f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {platform.node()} "
        f"({platform.processor() or platform.machine()}, Python {platform.python_version()}), "
        "solved by kind",
        "",
        f"`.venv/bin/python benchmarks/placement_national.py --citizens {args.citizens} "
        f"--offers {args.offers} --candidates {args.candidates} --seed {args.seed} "
        f"--repeat {args.repeat} --processes {args.processes} --keep {args.keep} "
        f"--geography {args.geography}{' --verify' if args.verify else ''}`",
        "",
        f"Shared machine: 2 cores, other engineers' test runs alongside (load average "
        f"{load[0]:.1f} at the start). Medians of {args.repeat} runs, wall clock with the CPU "
        "time of this process and its workers beside it.",
        "",
        f"- {args.citizens:,} citizens × {args.offers:,} offers at {args.geography} points, "
        f"{len(problem.arc_citizen):,} admissible candidate arcs "
        f"({len(problem.arc_citizen) / args.citizens:.1f} per citizen), "
        f"{int(problem.capacity.sum()):,} free places; generating the instance took "
        f"{generated:.2f} s (not timed below: it stands for reading the database)",
        f"- {report.kinds:,} kinds of citizen (same point, same need) with "
        f"{report.candidate_arcs:,} candidate arcs between them and the offers",
        f"- independent parts (connected components of the candidate graph): "
        f"{report.components}, the largest with {report.largest_component:,} of the kinds; "
        f"solved in {report.processes} process(es)",
        f"- **build {runs.median('build')} + solve {runs.median('solve')} = "
        f"{runs.median('total')}** (runs, wall: build {_seconds(runs.wall['build'])}; solve "
        f"{_seconds(runs.wall['solve'])})",
        f"- pruned to each kind's {args.keep} cheapest arcs, with the dual check: solve "
        f"{runs.median('pruned')}, {pruned_report.rounds} rounds, "
        f"{pruned_report.added_arcs:,} arcs added, {pruned_report.active_arcs:,} of "
        f"{pruned_report.candidate_arcs:,} in the last model",
        f"- full model (OR-Tools on all {len(problem.arc_citizen):,} citizen arcs, same "
        f"instance, one run): solve {full_wall:.2f} s (CPU {full_cpu:.2f} s)",
        f"- **optimum by kind {optimum.cost / 10:,.1f}, pruned {pruned.cost / 10:,.1f}, full "
        f"model {full.cost / 10:,.1f} points: {'equal' if same else 'DIFFERENT'}**",
        *(_regional(args, data) if args.processes > 1 and data.shared_points else []),
        "",
        "| method | cost (points) | placed | unplaced | mean km | max km | misfits | "
        "highly specialised occupancy |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *[_row(summary) for summary in summaries],
        "",
        f"**optimal ÷ first-come nearest = {best.cost / summaries[3].cost:.4f}; "
        f"optimal ÷ first-come cheapest = {best.cost / summaries[4].cost:.4f}** (same run)",
    ]
    if args.verify:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.placement.lp import highs_optimum

        lp_started = time.perf_counter()
        lp = highs_optimum(problem)
        lines.append(
            f"- HiGHS LP optimum {lp / 10:,.1f} points vs pruned {optimum.cost / 10:,.1f}"
            f" ({'equal' if lp == optimum.cost else 'DIFFERENT'}); HiGHS took "
            f"{time.perf_counter() - lp_started:.1f} s"
        )
    text = "\n".join(lines) + "\n\n"
    print(text)
    if not RESULTS.exists():
        RESULTS.write_text("# National placement benchmark\n\n")
    with RESULTS.open("a") as out:
        out.write(text)


if __name__ == "__main__":
    main()
