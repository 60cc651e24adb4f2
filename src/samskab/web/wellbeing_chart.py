# SPDX-License-Identifier: MPL-2.0
"""'Sådan har jeg det' over time: the points of a small chart drawn on the server as SVG.

The chart shows the mean of the four answers each time the citizen answered (1 fits not at
all, 5 fits completely); the page shows the same answers as a table beside it, so nothing is
said only by the drawing.
"""

from dataclasses import dataclass
from datetime import datetime

from samskab.core import formats
from samskab.plans.models import WellbeingAnswer
from samskab.plans.wellbeing import STATEMENTS

WIDTH, HEIGHT = 320, 170
LEFT, RIGHT, TOP, BOTTOM = 28, 12, 12, 30


@dataclass(frozen=True)
class Point:
    """One time the citizen answered: where it is drawn and what it says."""

    x: float
    y: float
    at: datetime
    mean: float
    answers: dict[str, int]


@dataclass(frozen=True)
class Chart:
    """Everything the template draws: the line, its points, the axes and a summary."""

    points: list[Point]
    line: str
    levels: list[tuple[int, float]]
    summary: str
    own: bool
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT


def _y(value: float) -> float:
    return TOP + (5 - value) / 4 * (HEIGHT - TOP - BOTTOM)


def _summary(points: list[Point], own: bool) -> str:
    first, last = points[0], points[-1]
    who, whose = ("Du", "Dit") if own else ("Borgeren", "Borgerens")
    if len(points) == 1:
        return f"{who} har svaret én gang, {formats.date(first.at)}. {whose} gennemsnit var " + (
            f"{formats.number(first.mean)} ud af 5."
        )
    change = "steget" if last.mean > first.mean else "faldet" if last.mean < first.mean else ""
    how = f"Det er {change}." if change else "Det er det samme."
    return (
        f"{whose} gennemsnit var {formats.number(first.mean)} den {formats.date(first.at)} "
        f"og {formats.number(last.mean)} den {formats.date(last.at)}. {how}"
    )


def wellbeing_chart(answers: list[WellbeingAnswer], *, own: bool = True) -> Chart | None:
    """The chart of the citizen's answers, oldest to the left (None before the first one);
    its summary speaks to the citizen (`own`) or about them, for the caseworker."""
    if not answers:
        return None
    ordered = sorted(answers, key=lambda a: a.at)
    span = max(1, len(ordered) - 1)
    inner = WIDTH - LEFT - RIGHT
    points = []
    for index, answer in enumerate(ordered):
        values = {key: int(answer.answers.get(key, 0)) for key in STATEMENTS}
        mean = sum(values.values()) / len(values)
        x = LEFT + (inner / 2 if len(ordered) == 1 else inner * index / span)
        points.append(Point(round(x, 1), round(_y(mean), 1), answer.at, mean, values))
    return Chart(
        points=points,
        line=" ".join(f"{p.x},{p.y}" for p in points),
        levels=[(level, round(_y(level), 1)) for level in range(1, 6)],
        own=own,
        summary=_summary(points, own),
    )
