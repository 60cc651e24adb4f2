# SPDX-License-Identifier: MPL-2.0
"""All /api/v1 routes."""

from fastapi import APIRouter

from samskab.api import (
    assessments,
    cases,
    citizens,
    decisions,
    insights,
    interventions,
    journal,
    meetings,
    offers,
    plans,
    terminology,
)

router = APIRouter(prefix="/api/v1")
for module in (
    citizens,
    cases,
    assessments,
    plans,
    decisions,
    insights,
    interventions,
    journal,
    meetings,
    offers,
    terminology,
):
    router.include_router(module.router)
