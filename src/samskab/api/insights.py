# SPDX-License-Identifier: MPL-2.0
"""Anonymous aggregates (small cells suppressed)."""

from fastapi import APIRouter
from pydantic import BaseModel

from samskab.api.deps import CurrentActor, DbSession
from samskab.insights.queries import case_counts

router = APIRouter(tags=["Indsigt"])


class CellOut(BaseModel):
    """A count; null where fewer than five (suppressed)."""

    municipality_code: str
    service_type: str
    status: str
    count: int | None


@router.get("/insights/cases", summary="Sager pr. kommune, ydelse og status (små tal skjult)")
def cases(session: DbSession, actor: CurrentActor) -> list[CellOut]:
    return [CellOut(**cell.__dict__) for cell in case_counts(session, actor)]
