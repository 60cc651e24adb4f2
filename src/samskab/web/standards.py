# SPDX-License-Identifier: MPL-2.0
"""Quality standards (kvalitetsstandarder): read by all staff, edited by team leads."""

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samskab.access.policies import edits_quality_standards
from samskab.cases.actions import set_quality_standard
from samskab.cases.queries import quality_standard_versions, quality_standards
from samskab.cases.schemas import QualityStandardIn
from samskab.core import clock
from samskab.terminology.services import CATALOGUE
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormData, FormErrors, attempt, parse
from samskab.web.render import page

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    errors: FormErrors,
    failed: str = "",
    typed: dict[str, str] | None = None,
) -> HTMLResponse:
    return page(
        request,
        "standards.html",
        services=CATALOGUE,
        errors=errors,
        failed=failed,
        # What the team lead typed stays in the failed form; a newer version saved meanwhile
        # is shown beside it (errors.current).
        typed=typed or {},
        standards=quality_standards(session, actor.municipality_code),
        versions=quality_standard_versions(session, actor.municipality_code),
        today=clock.today(),
        may_edit=edits_quality_standards(actor),
    )


@router.get("/kvalitetsstandarder")
def standards(request: Request, session: DbSession, actor: CurrentActor) -> HTMLResponse:
    return _page(request, session, actor, FormErrors())


@router.post("/kvalitetsstandarder/{service_key}")
def edit_standard(
    request: Request,
    service_key: Annotated[str, Path(max_length=20, pattern=r"^[A-Za-z0-9-]+$")],
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    parsed, errors = parse(QualityStandardIn, form)
    if parsed is not None:
        _, errors = attempt(
            session, lambda: set_quality_standard(session, actor, service_key, parsed)
        )
        if not errors:
            return RedirectResponse(f"/kvalitetsstandarder#{service_key}", status_code=303)
    typed = {k: str(form.get(k, "")) for k in ("service_level", "goals", "time_frame")}
    return _page(request, session, actor, errors, failed=service_key, typed=typed)
