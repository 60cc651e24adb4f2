# SPDX-License-Identifier: MPL-2.0
"""The Idempotency-Key header on the API's creating POSTs (case, note, goal, order): a retry
with the same key and body gets the first answer, never a second record (core.idempotency)."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from samskab.api.deps import CurrentActor, DbSession
from samskab.core.idempotency import MAX_KEY, Answer, answer_once, request_hash


class Once:
    """One request's Idempotency-Key, if it carries one, and what it needs to answer once."""

    def __init__(
        self,
        request: Request,
        response: Response,
        session: DbSession,
        actor: CurrentActor,
        key: Annotated[
            str | None,
            Header(
                alias="Idempotency-Key",
                min_length=1,
                max_length=MAX_KEY,
                description="Send samme nøgle igen, hvis svaret gik tabt: "
                "du får det første svar, og intet oprettes to gange.",
            ),
        ] = None,
    ) -> None:
        self.request, self.response, self.session = request, response, session
        self.user_id, self.key = actor.user_id, key

    def run(self, body: BaseModel, work: Callable[[], Any]) -> Any:
        """`work`'s answer, or the first answer when this key was sent before."""
        if self.key is None or self.user_id is None:
            return work()
        route = self.request.scope.get("route")
        default = getattr(route, "status_code", None) or 200
        fingerprint = request_hash(
            self.request.method, self.request.url.path, body.model_dump(mode="json")
        )

        def first() -> Answer:
            result = work()
            return Answer(self.response.status_code or default, jsonable_encoder(result))

        answer, replayed = answer_once(self.session, self.user_id, self.key, fingerprint, first)
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        return JSONResponse(answer.body, status_code=answer.status, headers=headers)


IdempotencyKey = Annotated[Once, Depends()]
