# SPDX-License-Identifier: MPL-2.0
"""Each citizen's nearest admissible offers, computed once per kind of citizen, vectorised.

Citizens who live at the same point (postcode) and have the same need (target group, support
level, paragraph) have the same admissible offers at the same distances: they are one *kind*.
Candidates are chosen per kind from a point × point distance matrix computed once, so the
national build is a few thousand small NumPy operations instead of a haversine per citizen and
offer. Ties in distance (offers at the same point) are broken by offer index, so the candidate
set is the same however the work is split.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

ROAD_FACTOR = 1.3
EARTH_KM = 6371.0

KmBetween = Callable[[NDArray[np.int64], NDArray[np.int64]], NDArray[np.float64]]


def km_matrix(
    lat1: NDArray[np.float64],
    lon1: NDArray[np.float64],
    lat2: NDArray[np.float64],
    lon2: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Road-factor km from every first point to every second point (haversine)."""
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dp, dl = p2 - p1, np.radians(lon2[None, :] - lon1[:, None])
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    km: NDArray[np.float64] = EARTH_KM * 2 * np.arcsin(np.sqrt(a)) * ROAD_FACTOR
    return km


def between_points(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> KmBetween:
    """Distances looked up in a point × point matrix computed once (points shared by many)."""
    matrix = km_matrix(lat, lon, lat, lon)

    def lookup(rows: NDArray[np.int64], cols: NDArray[np.int64]) -> NDArray[np.float64]:
        found: NDArray[np.float64] = matrix[np.ix_(rows, cols)]
        return found

    return lookup


def nearest(km: NDArray[np.float64], count: int) -> NDArray[np.bool_]:
    """Each row's `count` smallest finite entries, ties broken by column order."""
    take = min(count, km.shape[1])
    if take == 0 or km.shape[0] == 0:
        return np.zeros(km.shape, bool)
    kth = np.partition(km, take - 1, axis=1)[:, take - 1 : take]
    below = km < kth
    tied = km == kth
    room = take - below.sum(axis=1, keepdims=True)
    chosen: NDArray[np.bool_] = (below | (tied & (np.cumsum(tied, axis=1) <= room))) & np.isfinite(
        km
    )
    return chosen


@dataclass(frozen=True)
class Candidates:
    """Arcs from kinds of citizens to offers, sorted by kind (and by offer within a kind)."""

    kind: NDArray[np.int64]
    offer: NDArray[np.int64]
    km: NDArray[np.float64]
    misfit: NDArray[np.int64]


def candidates(
    kind_point: NDArray[np.int64],
    kind_need: NDArray[np.int64],
    offer_point: NDArray[np.int64],
    misfit: NDArray[np.int64],
    km_between: KmBetween,
    count: int,
    chunk: int = 2048,
) -> Candidates:
    """The `count` nearest admissible offers of each kind of citizen.

    `misfit[need, offer]` is the steps of misfit of an offer for a need, or -1 when the offer is
    not admissible for it; `km_between(points, points)` gives the distance matrix."""
    kinds, offers, kms, misfits = [], [], [], []
    for need in np.unique(kind_need).tolist():
        cols = np.flatnonzero(misfit[need] >= 0)
        who = np.flatnonzero(kind_need == need)
        if len(cols) == 0:
            continue
        for start in range(0, len(who), chunk):
            rows = who[start : start + chunk]
            km = km_between(kind_point[rows], offer_point[cols])
            row, col = np.nonzero(nearest(km, count))
            kinds.append(rows[row])
            offers.append(cols[col])
            kms.append(km[row, col])
            misfits.append(misfit[need, cols[col]])
    if not kinds:
        empty = np.zeros(0, np.int64)
        return Candidates(empty, empty, np.zeros(0), empty)
    kind = np.concatenate(kinds).astype(np.int64)
    offer = np.concatenate(offers).astype(np.int64)
    order = np.lexsort((offer, kind))
    return Candidates(
        kind[order],
        offer[order],
        np.concatenate(kms)[order],
        np.concatenate(misfits).astype(np.int64)[order],
    )


def per_citizen(
    found: Candidates, kind_of: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each citizen's copy of its kind's arcs: (citizen of each arc, kind arc it copies),
    sorted by citizen."""
    kinds = int(kind_of.max()) + 1 if len(kind_of) else 0
    size = np.bincount(found.kind, minlength=kinds)
    first = np.concatenate([[0], np.cumsum(size)[:-1]]).astype(np.int64)
    length = size[kind_of]
    citizen = np.repeat(np.arange(len(kind_of), dtype=np.int64), length)
    offset = np.arange(len(citizen), dtype=np.int64) - np.repeat(np.cumsum(length) - length, length)
    return citizen, first[kind_of][citizen] + offset
