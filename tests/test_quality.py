# SPDX-License-Identifier: MPL-2.0
"""The code stays layered, formatted, linted and strictly typed: checked by the test command."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.mark.slow
def test_imports_flow_downward_through_the_layers() -> None:
    result = _run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.slow
def test_the_code_is_formatted_and_lint_free() -> None:
    formatted = _run(str(BIN / "ruff"), "format", "--check", "src", "tests", "benchmarks")
    linted = _run(str(BIN / "ruff"), "check", "src", "tests", "benchmarks")
    assert formatted.returncode == 0, formatted.stdout
    assert linted.returncode == 0, linted.stdout


@pytest.mark.slow
def test_the_package_is_clean_under_mypy_strict() -> None:
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout


def test_every_source_file_carries_an_spdx_header() -> None:
    missing = [
        str(path.relative_to(ROOT))
        for folder in ("src", "tests", "benchmarks")
        for path in (ROOT / folder).rglob("*.py")
        if path.stat().st_size and "SPDX-License-Identifier: MPL-2.0" not in path.read_text()
    ]
    assert missing == []


def test_the_log_grep_finds_a_cpr_number_and_a_token_when_they_are_there() -> None:
    from tests.conftest import _leaks_in

    assert _leaks_in("GET /x 200 from 10.0.0.1 at 1732291200") == []
    assert _leaks_in("lookup for 070292-1234 failed") == ["CPR-like number 070292-xxxx"]
    assert len(_leaks_in("Authorization: Bearer smk_" + "a" * 40)) == 1


# A role check: asking an actor (any name) for a role, or reading the actor's roles.
ROLE_CHECK = re.compile(r"\.has\(\s*(\*|Role\.)|\b\w*actor\.roles\b|\bRole\.\w+ in \w*actor")


def _role_checks_outside_access(package: Path) -> list[str]:
    return [
        f"{path.relative_to(package)}:{number}: {line.strip()}"
        for path in sorted(package.rglob("*.py"))
        if path.relative_to(package).parts[0] != "access"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if ROLE_CHECK.search(line)
    ]


def test_role_checks_live_in_the_access_layer_only() -> None:
    assert _role_checks_outside_access(ROOT / "src" / "samskab") == []


def test_the_role_check_grep_finds_a_role_check_outside_the_access_layer(tmp_path: Path) -> None:
    (tmp_path / "web").mkdir()
    (tmp_path / "access").mkdir()
    (tmp_path / "web" / "page.py").write_text(
        "if actor.has(Role.ADMIN):\n    pass\nok = viewer.has(*CASEWORK_ROLES)\n"
        "staff = Role.ADMIN in actor.roles\n"
    )
    (tmp_path / "access" / "policies.py").write_text("allowed = actor.has(Role.ADMIN)\n")
    found = _role_checks_outside_access(tmp_path)
    assert [line.split(":")[1] for line in found] == ["1", "3", "4"]
