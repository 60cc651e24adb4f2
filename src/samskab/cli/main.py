# SPDX-License-Identifier: MPL-2.0
"""`samskab serve | demo | db upgrade | users ...`: parse, call, print; exit codes for errors."""

import json
import logging
import os
import sys
import uuid
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Column, Table
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from samskab import migrations
from samskab.access.actor import Actor
from samskab.audit import anchor
from samskab.audit.chain import verify
from samskab.audit.fhir import bundle
from samskab.audit.models import AuditEvent
from samskab.audit.sealer import seal_all
from samskab.citizens.keys import (
    citizen_count,
    rehash_batch,
    rotate_all,
    rotate_batch,
    stale_count,
)
from samskab.cli.serve import database_from
from samskab.core import formats
from samskab.core.crypto import (
    add_audit_key_to_secrets_file,
    add_key_to_secrets_file,
    forget_previous_lookup_keys,
    new_lookup_key_in_secrets_file,
    resolve_secrets,
)
from samskab.core.db import Database
from samskab.core.errors import DomainError, InvalidInput, NotFound
from samskab.core.logs import configure
from samskab.core.settings import get_settings
from samskab.demo.generator import generate
from samskab.offers import catalogue
from samskab.offers import generate as landscape
from samskab.organisations.actions import (
    SCOPES,
    TOKEN_DAYS,
    end_logins,
    mint_token,
    revoke_token,
    tokens_of,
)
from samskab.organisations.models import Organisation, Role, User
from samskab.placement import regional
from samskab.placement.planning import Summary, Weights

# The operator at the command line acts as the regions' coordinator (no citizen data); as the
# installation's operator (administrator) an import is not limited to one region.
COORDINATOR = Actor(
    user_id=None,
    display_name="samskab (kommandolinje)",
    roles=frozenset({Role.REGIONAL_COORDINATOR, Role.ADMIN}),
    purpose="regional planlægning",
)

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
offers_app = typer.Typer(help="Regionale tilbud: indlæs, udlæs, generér.", no_args_is_help=True)
placement_app = typer.Typer(help="Regional placering og scenarier.", no_args_is_help=True)
app.add_typer(offers_app, name="offers")
app.add_typer(placement_app, name="placement")
console = Console(stderr=True)

DEMO_CITIZENS = 2000


def _progress(*, transient: bool = False) -> Progress:
    """The progress bar every long command shows (on stderr, so stdout stays clean)."""
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=transient,
    )


_OPENED: list[Database] = []


@app.callback()
def _root(ctx: typer.Context) -> None:
    """samskab – sagsbehandling med borgeren som medforfatter."""
    ctx.call_on_close(_seal_opened)


def _seal_opened() -> None:
    """Seal the audit events a command wrote (a server's sealer would too, but a command may
    run where no server does: `samskab audit verify` would then find them unsealed)."""
    while _OPENED:
        db = _OPENED.pop()
        try:
            seal_all(db)
        except SQLAlchemyError as error:  # no audit table yet (before `db upgrade`)
            logging.getLogger(__name__).debug("not sealed: %s", type(error).__name__)
        finally:
            db.bind.dispose()


def _database() -> Database:
    db = database_from(get_settings())
    _OPENED.append(db)
    return db


def _fail(error: DomainError) -> NoReturn:
    console.print(f"[red]Fejl:[/red] {error.message}")
    raise typer.Exit(code=2)


def _uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        _fail(InvalidInput(f"'{text[:40]}' er ikke et gyldigt id."))


def _run_demo(db: Database, municipality: str, citizens: int, seed: int) -> None:
    with _progress() as bar:
        task = bar.add_task("Borgere", total=citizens)
        summary = generate(
            db,
            municipality_code=municipality,
            citizens=citizens,
            seed=seed,
            progress=lambda n: bar.advance(task, n),
        )
    console.print(
        f"Demokommune {summary.municipality_code}: {formats.count(summary.citizens, 'borger')}, "
        f"{formats.number(summary.rows)} rækker skrevet."
    )


@app.command()
def serve(
    demo: Annotated[
        bool, typer.Option(help="Demo-log-ind med personaer; opret demokommune.")
    ] = False,
    host: Annotated[str, typer.Option(help="Adresse at lytte på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Antal arbejdsprocesser (standard: SAMSKAB_WORKERS)."),
    ] = None,
) -> None:
    """Start web-appen og API'et (uvicorn med uvloop og httptools; se docs/operations.md)."""
    import uvicorn

    if demo:  # the worker processes read their settings from the environment
        os.environ["SAMSKAB_DEMO"] = "true"
        get_settings.cache_clear()
    settings = get_settings()
    db = _database()
    migrations.upgrade(db.bind)
    if demo:
        with db.sessions() as session:
            empty = not session.scalar(select(func.count()).select_from(Organisation))
        if empty:
            _run_demo(db, "0851", DEMO_CITIZENS, 1)
    resolve_secrets(settings)  # made once here (development), before the workers read them
    db.bind.dispose()
    count = workers or settings.workers
    console.print(
        f"samskab kører på http://{host}:{port} (arbejdsprocesser: {count})"
        + (" (DEMO)" if demo else "")
    )
    uvicorn.run(
        "samskab.cli.serve:application",
        factory=True,
        host=host,
        port=port,
        workers=count,
        log_level=settings.log_level.lower(),
        # A worker imports all of samskab before it answers the supervisor's first ping, and a
        # busy one may answer late: give both a minute before it is taken for dead.
        timeout_worker_healthcheck=60,
        # samskab decides the client address itself (SAMSKAB_TRUSTED_PROXIES); uvicorn's own
        # proxy handling would believe X-Forwarded-For from any loopback peer.
        proxy_headers=False,
    )


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
    days: Annotated[int, typer.Option(help="Antal dage, tokenet gælder.")] = TOKEN_DAYS,
    scope: Annotated[
        list[str] | None, typer.Option(help="read og/eller write (gentag for begge).")
    ] = None,
) -> None:
    """Udsted et API-token til en bruger (vises kun én gang)."""
    db = _database()
    try:
        with db.unit_of_work() as session:
            token = mint_token(
                session, username, label=label, days=days, scopes=tuple(scope or SCOPES)
            )
    except DomainError as error:
        _fail(error)
    sys.stdout.write(token + "\n")


@users_app.command("tokens")
def users_tokens(username: Annotated[str, typer.Argument(help="Brugernavn.")]) -> None:
    """Vis en brugers API-tokens: id, formål, rettigheder, udløb og seneste brug."""
    db = _database()
    table = Table("Id", "Formål", "Må", "Udløber", "Senest brugt", "Status")
    with db.sessions() as session:
        for token in tokens_of(session, username):
            status = "tilbagekaldt" if token.revoked_at else "gyldig"
            table.add_row(
                str(token.id),
                token.label,
                ", ".join(token.scopes),
                formats.date_time(token.expires_at) if token.expires_at else "aldrig",
                formats.date_time(token.last_used_at) if token.last_used_at else "",
                status,
            )
    console.print(table)


@users_app.command("revoke-token")
def users_revoke_token(token_id: Annotated[str, typer.Argument(help="Tokenets id.")]) -> None:
    """Tilbagekald ét API-token med det samme; brugerens andre tokens virker stadig."""
    db = _database()
    try:
        with db.unit_of_work() as session:
            revoke_token(session, _uuid(token_id))
    except DomainError as error:
        _fail(error)
    console.print("Tokenet er tilbagekaldt.")


@users_app.command("logout")
def users_logout(username: Annotated[str, typer.Argument(help="Brugernavn.")]) -> None:
    """Log en bruger ud af alle browsere med det samme."""
    db = _database()
    with db.unit_of_work() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            _fail(NotFound("Brugeren"))
        end_logins(session, user_id=user.id)
    console.print(f"{username} er logget ud overalt.")


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


@keys_app.command("rotate-audit")
def keys_rotate_audit() -> None:
    """Lav en ny nøgle til adgangsloggens segl; de gamle beholdes til kontrol."""
    settings = get_settings()
    if settings.audit_keys:
        console.print(
            "[red]Fejl:[/red] Nøglerne kommer fra miljøet. Læg den nye nøgle "
            "forrest i SAMSKAB_AUDIT_KEYS i stedet."
        )
        raise typer.Exit(code=2)
    console.print(f"Ny aktiv nøgle til adgangsloggen: {add_audit_key_to_secrets_file(settings)}")


@keys_app.command("rotate-lookup")
def keys_rotate_lookup(
    new_key: Annotated[
        bool,
        typer.Option(
            "--new-key", help="Lav en ny opslagsnøgle i den lokale hemmelighedsfil først."
        ),
    ] = False,
    batch: Annotated[int, typer.Option(min=1, max=100_000, help="Borgere pr. transaktion.")] = 1000,
) -> None:
    """Beregn alle CPR-opslag igen med den aktive opslagsnøgle; appen kan køre imens."""
    settings = get_settings()
    from_file = not (settings.cpr_keys and settings.cpr_lookup_key)
    if new_key:
        if not from_file:
            console.print(
                "[red]Fejl:[/red] Nøglerne kommer fra miljøet. Sæt den nye nøgle i "
                "SAMSKAB_CPR_LOOKUP_KEY og den gamle i SAMSKAB_CPR_PREVIOUS_LOOKUP_KEYS på alle "
                "processer, og kør så kommandoen uden --new-key."
            )
            raise typer.Exit(code=2)
        new_lookup_key_in_secrets_file(settings)
        console.print("Ny aktiv opslagsnøgle; den gamle gælder, til alle er beregnet igen.")
    db = _database()
    with db.sessions() as session:
        total = citizen_count(session)
    scanned = changed = 0
    after = None
    with _progress() as bar:
        task = bar.add_task("Borgere", total=total)
        while True:
            with db.unit_of_work() as session:
                seen, done, after = rehash_batch(session, after, batch)
            scanned, changed = scanned + seen, changed + done
            bar.advance(task, seen)
            if after is None:
                break
    if from_file and db.vault.previous_lookup_keys:
        forget_previous_lookup_keys(settings)
    console.print(f"{scanned} borgere gennemgået, {changed} CPR-opslag beregnet igen.")


@audit_app.command("export")
def audit_export(
    limit: Annotated[int, typer.Option(min=1, max=1_000_000, help="Højst så mange.")] = 1000,
) -> None:
    """Skriv de nyeste hændelser som FHIR R4 AuditEvent (IHE BALP) i en Bundle (JSON)."""
    db = _database()
    with db.sessions() as session:
        events = list(
            session.scalars(
                select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id).limit(limit)
            )
        )
        sys.stdout.write(json.dumps(bundle(events), ensure_ascii=False, indent=1) + "\n")


@audit_app.command("seal")
def audit_seal() -> None:
    """Forsegl nu de hændelser, der endnu ikke er lænket ind i kæden (det gør serveren ellers
    selv inden for et sekund)."""
    sealed = seal_all(_database())
    console.print(f"{sealed} hændelser forseglet.")


@audit_app.command("anchor")
def audit_anchor() -> None:
    """Forsegl ventende hændelser, og føj så kædens hoved (nummer, hash, segl, tid) til
    ankerfilen uden for databasen."""
    settings = get_settings()
    db = _database()
    seal_all(db)
    with db.sessions() as session:
        head = anchor.head(session)
    anchor.append(settings.audit_anchor_file, head)
    console.print(
        f"Anker skrevet til {settings.audit_anchor_file}: hændelse nr. {head.seq} "
        f"(nøgle {head.key_id})."
    )


@audit_app.command("verify")
def audit_verify() -> None:
    """Kontrollér adgangsloggens kæde, segl og ankre; navngiv første ændrede, indsatte eller
    slettede hændelse, og om loggen er afkortet eller tømt."""
    settings = get_settings()
    db = _database()
    try:
        anchors = anchor.read(settings.audit_anchor_file)
    except anchor.DamagedAnchorFile as error:
        console.print(f"[red]Brud i adgangsloggens ankre:[/red] {error.message}")
        raise typer.Exit(code=1) from None
    with db.sessions() as session:
        checked, finding = verify(session, anchors=anchors)
    if finding is None:
        against = (
            f"mod {len(anchors)} ankre i {settings.audit_anchor_file}"
            if anchors
            else f"uden ankre (ingen i {settings.audit_anchor_file}; kør samskab audit anchor)"
        )
        console.print(f"{checked} hændelser kontrolleret {against}. Kæden er hel.")
        return
    number = f" nr. {finding.seq}" if finding.seq is not None else ""
    where = f"ved hændelse{number}" + (f" (id {finding.event_id})" if finding.event_id else "")
    console.print(
        f"[red]Brud i adgangsloggen[/red] {where}: {finding.problem}. "
        f"{checked} hændelser før den var i orden."
    )
    raise typer.Exit(code=1)


def _format(path: Path, given: str | None) -> str:
    fmt = (given or path.suffix.lstrip(".")).lower()
    if fmt not in {"csv", "json"}:
        console.print("[red]Fejl:[/red] Angiv --format csv eller json.")
        raise typer.Exit(code=2)
    return fmt


@offers_app.command("import")
def offers_import(
    path: Annotated[Path, typer.Argument(help="CSV- eller JSON-fil med tilbud.", exists=True)],
    fmt: Annotated[str | None, typer.Option("--format", help="csv eller json.")] = None,
) -> None:
    """Indlæs tilbud. En fil med fejl indlæses slet ikke; alle fejl vises (række, felt, årsag)."""
    db = _database()
    try:
        with db.unit_of_work() as session:
            report = catalogue.import_offers(
                session, COORDINATOR, path.read_bytes(), _format(path, fmt)
            )
    except catalogue.ImportRejected as rejected:
        table = Table("Række", "Felt", "Årsag", title="Valideringsrapport")
        for problem in rejected.report.problems:
            table.add_row(str(problem.row), problem.field, problem.reason)
        Console().print(table)
        console.print(f"[red]{rejected.message}[/red]")
        raise typer.Exit(code=1) from None
    except DomainError as error:
        _fail(error)
    console.print(
        f"{report.rows} tilbud indlæst: {report.created} nye, {report.updated} opdateret."
    )


@offers_app.command("export")
def offers_export(
    path: Annotated[Path, typer.Argument(help="Filen der skrives (.csv eller .json).")],
    fmt: Annotated[str | None, typer.Option("--format", help="csv eller json.")] = None,
    region: Annotated[str | None, typer.Option(help="Kun én regions tilbud (regionskode).")] = None,
) -> None:
    """Udlæs tilbudskataloget med takstberegningen."""
    db = _database()
    chosen = _format(path, fmt)
    with db.unit_of_work() as session:
        path.write_bytes(catalogue.export(session, COORDINATOR, chosen, region))
    console.print(f"Tilbuddene er skrevet til {path}.")


@offers_app.command("generate")
def offers_generate(
    seed: Annotated[int, typer.Option(help="Samme frø giver samme landskab.")] = 1,
) -> None:
    """Generér et syntetisk landsdækkende tilbudslandskab (ca. 2.000 tilbud) og en venteliste."""
    db = _database()
    migrations.upgrade(db.bind)
    with _progress() as bar:
        task = bar.add_task("Kommuner", total=98)
        with db.unit_of_work() as session:
            made = landscape.generate(session, seed=seed, progress=lambda n: bar.advance(task, n))
    console.print(
        f"{formats.count(made.offers, 'tilbud')} med {formats.count(made.places, 'plads')} og "
        f"{formats.count(made.requests, 'borger')} på venteliste."
    )


def _summary_row(table: Table, summary: Summary) -> None:
    table.add_row(
        "Optimal" if summary.method == "optimal" else "Først-til-mølle",
        formats.number(summary.cost, 0),
        formats.number(summary.placed),
        formats.number(summary.unplaced),
        formats.number(summary.mean_km, 1, fixed=True),
        formats.number(summary.max_km, 0),
        formats.number(summary.misfits),
        formats.percent(summary.specialised_occupancy),
    )


@placement_app.command("plan")
def placement_plan(
    region: Annotated[str, typer.Option(help="Regionskode, fx 1081 for Region Nordjylland.")],
    as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON.")] = False,
    min_occupancy: Annotated[
        float | None,
        typer.Option(help="Minimumsbelægning for højt specialiserede tilbud, fx 0.85."),
    ] = None,
    keep_local: Annotated[
        float | None,
        typer.Option(help="Scenarie: hver kommune beholder denne andel lokalt, fx 0.8."),
    ] = None,
    travel: Annotated[float, typer.Option(help="Vægt pr. km.")] = Weights.travel,
    misfit: Annotated[float, typer.Option(help="Vægt pr. trin dårligere match.")] = Weights.misfit,
    cost: Annotated[float, typer.Option(help="Vægt pr. 1.000 kr. takst pr. døgn.")] = Weights.cost,
) -> None:
    """Placér regionens venteliste optimalt og sammenlign med først-til-mølle."""
    db = _database()
    weights = Weights(travel=travel, misfit=misfit, cost=cost)
    try:
        with _progress(transient=True) as bar:
            # Load, find candidates, build, solve, compare; and the scenario if asked for.
            task = bar.add_task("Planlægger", total=6 if keep_local is not None else 5)
            with db.unit_of_work() as session:
                result = regional.plan(
                    session,
                    COORDINATOR,
                    region,
                    weights,
                    min_occupancy=min_occupancy,
                    progress=lambda step: bar.update(
                        task, advance=1, description=step.capitalize()
                    ),
                )
                scenario = None
                if keep_local is not None:
                    bar.update(task, description="Scenarie: lokalt først")
                    scenario = regional.keep_local(
                        session, COORDINATOR, region, keep_local, weights=weights
                    )
                    bar.update(task, advance=1)
    except DomainError as error:
        _fail(error)
    if as_json:
        data = result.as_dict()
        if scenario is not None:
            data["scenario"] = scenario.as_dict()
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")
        return
    out = Console(width=max(Console().width, 110))
    table = Table(
        Column("Metode", no_wrap=True),
        "Point",
        "Placeret",
        "Uplaceret",
        "Km gns.",
        "Km maks.",
        "Mismatch",
        "Højt spec. belægning",
        title=f"{result.region}: {formats.count(result.citizens, 'borger')}, "
        f"{formats.count(result.offers, 'tilbud')}, {formats.number(result.arcs)} egnede par",
    )
    _summary_row(table, result.optimal)
    _summary_row(table, result.greedy)
    out.print(table)
    out.print(
        f"Optimal ÷ først-til-mølle: {formats.number(result.ratio, 3, fixed=True)}. "
        f"Bygget på {formats.number(result.build_seconds, 2, fixed=True)} s, "
        f"løst på {formats.number(result.solve_seconds, 2, fixed=True)} s."
    )
    if scenario is not None:
        risk = Table(
            "Tilbud",
            "Pladser",
            "Belægning før",
            "Belægning efter",
            "Takst før",
            "Takst efter",
            title=f"Hver kommune beholder {formats.percent(keep_local)} lokalt",
        )
        for item in scenario.at_risk:
            risk.add_row(
                item.name,
                formats.number(item.places),
                formats.percent(item.occupancy_before),
                formats.percent(item.occupancy_after),
                formats.kroner(item.tariff_before, 0),
                formats.kroner(item.tariff_after, 0),
            )
        out.print(risk)
        out.print(
            f"{len(scenario.at_risk)} højt specialiserede tilbud mister belægning og falder under "
            f"{formats.percent(scenario.viable)}; {scenario.already_below} var under i forvejen."
        )


def main() -> None:
    """Entry point with logging configured."""
    configure(get_settings().log_level)
    app()
