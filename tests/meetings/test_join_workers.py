# SPDX-License-Identifier: MPL-2.0
"""The brake on guessing a meeting's join code holds across separate worker processes on one
PostgreSQL database; and the caseworker finds the link and code again on any worker."""

import httpx
import pytest

from tests.live import token_for, worker_processes
from tests.meetings.test_live import _start_meeting, pg_installation

pytestmark = pytest.mark.slow
__all__ = ["pg_installation"]


def _try(base: str, token: str, code: str) -> httpx.Response:
    with httpx.Client(base_url=base) as phone:
        csrf = phone.get("/session/csrf").json()["token"]
        return phone.post(
            f"/m/{token}",
            data={"code": code, "name": "Gæst", "kind": "borger"},
            headers={"X-CSRF-Token": csrf},
        )


def test_the_sixth_wrong_code_in_a_row_is_refused_even_when_right_on_another_worker_process(
    pg_installation: dict[str, str],
) -> None:
    headers = {"Authorization": f"Bearer {token_for(pg_installation, 'anna')}"}
    with worker_processes(pg_installation, 2) as (first, second):
        meeting = _start_meeting(first, headers)
        join = httpx.get(f"{second}/api/v1/meetings/{meeting}/join", headers=headers).json()
        wrong = f"{(int(join['code']) + 1) % 1_000_000:06d}"
        answers = [_try(first if n % 2 else second, join["link_token"], wrong) for n in range(5)]
        assert [a.status_code for a in answers] == [422] * 5
        assert all("Koden passer ikke" in a.text for a in answers)
        right = _try(second, join["link_token"], join["code"])
    assert right.status_code == 422 and "For mange forkerte koder" in right.text
