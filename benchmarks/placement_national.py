# SPDX-License-Identifier: MPL-2.0
"""Benchmark national placement: 100,000 citizens × 5,000 offers, about 20 candidates each.

Run:  .venv/bin/python benchmarks/placement_national.py [--citizens 100000 --offers 5000]
      [--candidates 20] [--verify]
Offers and citizens are placed at the 98 municipalities' points (weighted by population, with
a few km of jitter); each offer serves one to three of twelve target groups at a level of
specialisation; each citizen needs one group at a level. A citizen's candidates are the
`--candidates` nearest offers that serve the group at the level or above. The same problem is
solved by the min-cost flow (samskab.placement.planning.optimise) and by first-come
nearest-first; `--verify` also solves it as an LP with HiGHS (SciPy) to confirm the optimum.
Results are appended to benchmarks/results/placement_national.md.
"""

import argparse
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from samskab.placement.planning import Problem, Weights, check, greedy, optimise, summarise
from samskab.placement.regional import ROAD_FACTOR
from samskab.terminology.geography import municipalities

GROUPS = 12
RESULTS = Path(__file__).parent / "results" / "placement_national.md"


def _points(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    towns = list(municipalities().values())
    weights = np.array([t.population for t in towns], float)
    chosen = rng.choice(len(towns), size=count, p=weights / weights.sum())
    lat = np.array([t.lat for t in towns])[chosen] + rng.normal(0, 0.04, count)
    lon = np.array([t.lon for t in towns])[chosen] + rng.normal(0, 0.07, count)
    return lat, lon


def _km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dp, dl = p2 - p1, np.radians(lon2[None, :] - lon1[:, None])
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    result: np.ndarray = 6371.0 * 2 * np.arcsin(np.sqrt(a)) * ROAD_FACTOR
    return result


def build(
    citizens: int, offers: int, candidates: int, seed: int
) -> tuple[Problem, dict[str, np.ndarray]]:
    """A national instance with the same structure as a region's."""
    rng = np.random.default_rng(seed)
    o_lat, o_lon = _points(rng, offers)
    o_level = rng.choice([1, 2, 3], size=offers, p=[0.6, 0.3, 0.1])
    o_groups = [rng.choice(GROUPS, size=rng.integers(1, 4), replace=False) for _ in range(offers)]
    places = np.where(o_level == 3, rng.integers(4, 12, offers), rng.integers(8, 40, offers))
    occupied = np.floor(places * rng.uniform(0.55, 0.95, offers)).astype(np.int64)
    # Free places for about 85 % of the waiting citizens: some will stay unplaced.
    free = places - occupied
    free = np.maximum(0, np.rint(free * (0.85 * citizens / free.sum()))).astype(np.int64)
    tariff = np.array([1800.0, 2700.0, 4700.0])[o_level - 1] * rng.uniform(0.8, 1.2, offers)
    c_lat, c_lon = _points(rng, citizens)
    c_group = rng.integers(0, GROUPS, citizens)
    c_level = rng.choice([1, 2, 3], size=citizens, p=[0.6, 0.3, 0.1])
    arc_c, arc_o, arc_km, arc_mis = [], [], [], []
    for group in range(GROUPS):
        serving = np.array([i for i in range(offers) if group in o_groups[i]])
        who = np.flatnonzero(c_group == group)
        for start in range(0, len(who), 2000):
            chunk = who[start : start + 2000]
            km = _km(c_lat[chunk], c_lon[chunk], o_lat[serving], o_lon[serving])
            km[o_level[serving][None, :] < c_level[chunk][:, None]] = np.inf
            take = min(candidates, km.shape[1])
            nearest = np.argpartition(km, take - 1, axis=1)[:, :take]
            rows = np.repeat(np.arange(len(chunk)), take)
            dist = km[rows, nearest.ravel()]
            ok = np.isfinite(dist)
            arc_c.append(chunk[rows][ok])
            arc_o.append(serving[nearest.ravel()][ok])
            arc_km.append(dist[ok])
            arc_mis.append((o_level[serving[nearest.ravel()]] - c_level[chunk[rows]])[ok])
    arc_citizen = np.concatenate(arc_c).astype(np.int64)
    order = np.argsort(arc_citizen, kind="stable")
    arc_offer = np.concatenate(arc_o).astype(np.int64)[order]
    problem = Problem(
        citizens=citizens,
        capacity=free,
        arc_citizen=arc_citizen[order],
        arc_offer=arc_offer,
        km=np.concatenate(arc_km)[order],
        misfit=np.concatenate(arc_mis).astype(np.int64)[order],
        tariff=tariff[arc_offer],
        priority=rng.permutation(citizens).astype(np.int64),
        weights=Weights(),
    )
    facts = {"places": places, "occupied": places - free, "specialised": o_level == 3}
    return problem, facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--offers", type=int, default=5_000)
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verify", action="store_true", help="also solve the LP with HiGHS")
    args = parser.parse_args()

    started = time.perf_counter()
    problem, facts = build(args.citizens, args.offers, args.candidates, args.seed)
    built = time.perf_counter()
    optimum = optimise(problem)
    solved = time.perf_counter()
    first_come = greedy(problem)
    greedy_done = time.perf_counter()
    wrong = check(problem, optimum) + check(problem, first_come)
    if wrong:
        raise SystemExit(f"invalid assignment: {wrong}")
    best = summarise(problem, optimum, facts["places"], facts["occupied"], facts["specialised"])
    rule = summarise(problem, first_come, facts["places"], facts["occupied"], facts["specialised"])
    lines = [
        f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {platform.node()} "
        f"({platform.processor() or platform.machine()}, Python {platform.python_version()})",
        "",
        f"`.venv/bin/python benchmarks/placement_national.py --citizens {args.citizens} "
        f"--offers {args.offers} --candidates {args.candidates} --seed {args.seed}"
        f"{' --verify' if args.verify else ''}`",
        "",
        f"- {args.citizens:,} citizens × {args.offers:,} offers, {len(problem.arc_citizen):,} "
        f"admissible arcs ({len(problem.arc_citizen) / args.citizens:.1f} per citizen), "
        f"{int(problem.capacity.sum()):,} free places",
        f"- build instance: {built - started:.2f} s; min-cost flow (OR-Tools): "
        f"{solved - built:.2f} s, status OPTIMAL; greedy: {greedy_done - solved:.2f} s",
        "",
        "| method | cost (points) | placed | unplaced | mean km | max km | misfits | "
        "highly specialised occupancy |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for summary in (best, rule):
        lines.append(
            f"| {summary.method} | {summary.cost:,.0f} | {summary.placed:,} | "
            f"{summary.unplaced:,} | {summary.mean_km:.1f} | {summary.max_km:.0f} | "
            f"{summary.misfits:,} | {summary.specialised_occupancy:.1%} |"
        )
    lines += ["", f"**optimal ÷ greedy cost = {best.cost / rule.cost:.4f}** (same run)"]
    if args.verify:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.placement.lp import highs_optimum

        lp_started = time.perf_counter()
        lp = highs_optimum(problem)
        lines.append(
            f"- HiGHS LP optimum {lp / 10:,.1f} points vs min-cost flow {optimum.cost / 10:,.1f}"
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
