# SPDX-License-Identifier: MPL-2.0
"""`samskab serve | demo | db upgrade | users ...`: parse, call, print; exit codes for errors."""

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import func, inspect, select

from samskab import migrations
from samskab.app import create_app
from samskab.audit.chain import verify
from samskab.audit.fhir import bundle
from samskab.audit.models import AuditEvent
from samskab.citizens.keys import rotate_all, rotate_batch, stale_count
from samskab.core.crypto import add_key_to_secrets_file, resolve_secrets, vault_from_settings
from samskab.core.db import Database, make_engine
from samskab.core.errors import DomainError
from samskab.core.logs import configure
from samskab.core.settings import get_settings
from samskab.demo.generator import generate
from samskab.organisations.actions import mint_token
from samskab.organisations.models import Organisation, User
from samskab.web.oidc import OidcConfig

app = typer.Typer(
    help="samskab – sagsbehandling med borgeren som medforfatter.", no_args_is_help=True
)
db_app = typer.Typer(help="Databasen.", no_args_is_help=True)
users_app = typer.Typer(help="Brugere og API-tokens.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
audit_app = typer.Typer(help="Adgangsloggen.", no_args_is_help=True)
keys_app = typer.Typer(help="Krypteringsnøgler.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")
console = Console(stderr=True)

DEMO_CITIZENS = 2000


def _database() -> Database:
    settings = get_settings()
    return Database(make_engine(settings.database_url), vault_from_settings(settings))


def _fail(error: DomainError) -> None:
    console.print(f"[red]Fejl:[/red] {error.message}")
    raise typer.Exit(code=2)


def _run_demo(db: Database, municipality: str, citizens: int, seed: int) -> None:
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("Borgere", total=citizens)
        summary = generate(
            db,
            municipality_code=municipality,
            citizens=citizens,
            seed=seed,
            progress=lambda n: bar.advance(task, n),
        )
    console.print(
        f"Demokommune {summary.municipality_code}: {summary.citizens} borgere, "
        f"{summary.rows} rækker skrevet."
    )


@app.command()
def serve(
    demo: Annotated[
        bool, typer.Option(help="Demo-log-ind med personaer; opret demokommune.")
    ] = False,
    host: Annotated[str, typer.Option(help="Adresse at lytte på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Start web-appen og API'et."""
    import uvicorn

    settings = get_settings()
    db = _database()
    migrations.upgrade(db.bind)
    if demo:
        with db.sessions() as session:
            empty = not session.scalar(select(func.count()).select_from(Organisation))
        if empty:
            _run_demo(db, "0851", DEMO_CITIZENS, 1)
    secrets = resolve_secrets(settings)
    oidc = None
    if settings.oidc_issuer:
        oidc = OidcConfig(
            settings.oidc_issuer,
            settings.oidc_client_id,
            settings.oidc_client_secret,
            settings.oidc_scope,
            settings.oidc_cpr_claim,
        )
    application = create_app(
        db,
        demo=demo,
        session_key=secrets["session_key"],
        oidc=oidc,
        secure_cookies=settings.secure_cookies,
    )
    console.print(f"samskab kører på http://{host}:{port}" + (" (DEMO)" if demo else ""))
    uvicorn.run(application, host=host, port=port, log_level=settings.log_level.lower())


@app.command("demo")
def demo_command(
    municipality: Annotated[str, typer.Option(help="Kommunekode, fx 0851 (Aalborg).")] = "0851",
    citizens: Annotated[int, typer.Option(min=0, max=2_000_000, help="Antal borgere.")] = 1000,
    seed: Annotated[int, typer.Option(help="Frø: samme frø giver samme kommune.")] = 1,
) -> None:
    """Generér en realistisk, opdigtet demokommune."""
    db = _database()
    migrations.upgrade(db.bind)
    try:
        _run_demo(db, municipality, citizens, seed)
    except DomainError as error:
        _fail(error)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Opdatér databaseskemaet til nyeste version."""
    db = _database()
    migrations.upgrade(db.bind)
    console.print(f"Databasen er opdateret ({len(inspect(db.bind).get_table_names())} tabeller).")


@users_app.command("token")
def users_token(
    username: Annotated[str, typer.Argument(help="Brugernavn.")],
    label: Annotated[str, typer.Option(help="Hvad tokenet bruges til.")] = "",
) -> None:
    """Udsted et API-token til en bruger (vises kun én gang)."""
    db = _database()
    try:
        with db.unit_of_work() as session:
            token = mint_token(session, username, label=label)
    except DomainError as error:
        _fail(error)
    sys.stdout.write(token + "\n")


@users_app.command("list")
def users_list() -> None:
    """Vis brugerne med roller."""
    db = _database()
    table = Table("Brugernavn", "Navn", "Roller")
    with db.sessions() as session:
        for user in session.scalars(select(User).order_by(User.username)):
            table.add_row(user.username, user.display_name, ", ".join(user.roles))
    Console().print(table)


@keys_app.command("rotate")
def keys_rotate(
    new_key: Annotated[
        bool, typer.Option("--new-key", help="Lav en ny nøgle i den lokale hemmelighedsfil først.")
    ] = False,
    batch: Annotated[int, typer.Option(min=1, max=100_000, help="Borgere pr. transaktion.")] = 1000,
) -> None:
    """Krypter alle CPR-numre med den aktive nøgle; appen kan køre imens."""
    settings = get_settings()
    if new_key:
        if settings.cpr_keys:
            console.print(
                "[red]Fejl:[/red] Nøglerne kommer fra miljøet. Læg den nye nøgle "
                "forrest i SAMSKAB_CPR_KEYS i stedet."
            )
            raise typer.Exit(code=2)
        console.print(f"Ny aktiv nøgle: {add_key_to_secrets_file(settings)}")
    db = _database()

    def run_batch() -> int:
        with db.unit_of_work() as session:
            return rotate_batch(session, batch)

    with db.sessions() as session:
        before = stale_count(session)
    total = rotate_all(run_batch)
    console.print(
        f"{total} CPR-numre krypteret igen med nøgle {db.vault.active_key_id} ({before} manglede)."
    )


@audit_app.command("export")
def audit_export(
    limit: Annotated[int, typer.Option(min=1, max=1_000_000, help="Højst så mange.")] = 1000,
) -> None:
    """Skriv de nyeste hændelser som FHIR R4 AuditEvent (IHE BALP) i en Bundle (JSON)."""
    db = _database()
    with db.sessions() as session:
        events = list(
            session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit))
        )
        sys.stdout.write(json.dumps(bundle(events), ensure_ascii=False, indent=1) + "\n")


@audit_app.command("verify")
def audit_verify() -> None:
    """Kontrollér hash-kæden i adgangsloggen; navngiv første ændrede, indsatte eller slettede."""
    db = _database()
    with db.sessions() as session:
        checked, finding = verify(session)
    if finding is None:
        console.print(f"{checked} hændelser kontrolleret. Kæden er hel.")
        return
    console.print(
        f"[red]Brud i adgangsloggen[/red] ved hændelse nr. {finding.seq} "
        f"(id {finding.event_id}): {finding.problem}. "
        f"{checked} hændelser før den var i orden."
    )
    raise typer.Exit(code=1)


def main() -> None:
    """Entry point with logging configured."""
    configure(get_settings().log_level)
    app()
