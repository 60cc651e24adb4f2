# SPDX-License-Identifier: MPL-2.0
"""Reference data: the paragraph catalogue and the official code systems (no personal data)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel

from samskab.api.deps import CurrentActor, DbSession
from samskab.cases.actions import set_quality_standard
from samskab.cases.models import QualityStandard
from samskab.cases.queries import quality_standards
from samskab.cases.schemas import QualityStandardIn
from samskab.terminology.services import AREA_LABELS, CATALOGUE

router = APIRouter(tags=["Kodelister"])


class ServiceTypeOut(BaseModel):
    """One entry of the paragraph catalogue."""

    key: str
    legal_basis: str
    title: str
    area: str
    area_label: str
    code_system: str
    default_deadline_days: int
    scope_unit: str


@router.get("/service-types", summary="Paragrafkataloget: ydelsestyper og lovgrundlag")
def service_types(actor: CurrentActor) -> list[ServiceTypeOut]:
    return [
        ServiceTypeOut(
            key=s.key,
            legal_basis=s.legal_basis,
            title=s.title,
            area=s.area,
            area_label=AREA_LABELS[s.area],
            code_system=s.system,
            default_deadline_days=s.default_deadline_days,
            scope_unit=s.scope_unit,
        )
        for s in CATALOGUE
    ]


class QualityStandardOut(QualityStandardIn):
    """A published version of a quality standard."""

    service_type: str
    edition: int
    valid_from: date


def _standard_out(standard: QualityStandard) -> QualityStandardOut:
    return QualityStandardOut(
        service_type=standard.service_type,
        service_level=standard.service_level,
        goals=standard.goals,
        time_frame=standard.time_frame,
        edition=standard.edition,
        valid_from=standard.valid_from,
        version=standard.edition,
    )


@router.get("/quality-standards", summary="Kommunens kvalitetsstandarder")
def standards(session: DbSession, actor: CurrentActor) -> list[QualityStandardOut]:
    return [
        _standard_out(s)
        for _, s in sorted(quality_standards(session, actor.municipality_code).items())
    ]


@router.put("/quality-standards/{service_type}", summary="Ret en kvalitetsstandard (teamleder)")
def edit_standard(
    service_type: Annotated[str, Path(max_length=20, pattern=r"^[A-Za-z0-9-]+$")],
    body: QualityStandardIn,
    session: DbSession,
    actor: CurrentActor,
) -> QualityStandardOut:
    return _standard_out(set_quality_standard(session, actor, service_type, body))
