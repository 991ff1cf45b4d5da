"""walletdesk command line. ``--json`` prints exactly one JSON document (the contract in
DESIGN.md); ``--batch FILE.jsonl`` answers one JSON line per input line."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from walletdesk.config import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="WalletDesk: the self-hosted, security-first wallet support desk.",
)
kb_app = typer.Typer(no_args_is_help=True, help="Knowledge base: list and import articles.")
audit_app = typer.Typer(no_args_is_help=True, help="Tamper-evident audit trail.")
intents_app = typer.Typer(no_args_is_help=True, help="Intent classifier: evaluate, train.")
app.add_typer(kb_app, name="kb")
app.add_typer(audit_app, name="audit")
app.add_typer(intents_app, name="intents")
team_app = typer.Typer(no_args_is_help=True, help="Teams: languages and skills for routing.")
agent_app = typer.Typer(no_args_is_help=True, help="Agent accounts (admins also use the console).")
app.add_typer(team_app, name="team")
app.add_typer(agent_app, name="agent")
email_app = typer.Typer(no_args_is_help=True, help="Email channel: take in a raw message.")
app.add_typer(email_app, name="email")

out = Console()
err = Console(stderr=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]
BatchOpt = Annotated[
    Path | None,
    typer.Option(
        "--batch", help='JSONL file: one {"text": ...} per line; prints one JSON per line.'
    ),
]


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def emit(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def read_batch(path: Path) -> Iterator[str]:
    if not path.is_file():
        fail(f"batch file not found: {path}")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                fail(f"{path}:{number}: not valid JSON")
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                fail(f'{path}:{number}: expected an object with a "text" string')
            yield item["text"]


def run_texts(
    text: str | None,
    batch: Path | None,
    as_json: bool,
    answer: Callable[[str], dict[str, Any]],
    show: Callable[[dict[str, Any]], None],
) -> None:
    if batch is not None:
        if text:
            fail("give either TEXT or --batch, not both")
        for item in read_batch(batch):
            emit(answer(item))
        return
    if not text:
        fail("missing TEXT (or use --batch FILE.jsonl)")
    result = answer(text)
    if as_json:
        emit(result)
    else:
        show(result)


# ---- serving ---------------------------------------------------------------------------
@app.command()
def init() -> None:
    """Create the data dir, migrate, load the default content, create the first admin."""
    from walletdesk.knowledge.articles import KnowledgeBaseError
    from walletdesk.setup import initialise
    from walletdesk.store.db import Database

    settings = Settings()

    async def _run() -> None:
        db = Database(settings.resolved_database_url)
        try:
            report = await initialise(settings, db)
        finally:
            await db.dispose()
        _print_setup(settings, report)

    try:
        asyncio.run(_run())
    except KnowledgeBaseError as exc:
        fail(f"default content is invalid:\n{exc}")


def _print_setup(settings: Settings, report: Any, to: Console = out) -> None:
    if report.articles_loaded:
        to.print(f"Loaded {report.articles_loaded} knowledge-base articles.")
    if report.admin_password:
        to.print(
            f"First admin: [bold]{report.admin_email}[/bold]  one-time password: "
            f"[bold]{report.admin_password}[/bold]  (shown once; change it at first login)",
            highlight=False,
        )
    to.print(f"Database: {settings.resolved_database_url}", highlight=False)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1, max=64, help="Worker processes (more than 1 needs PostgreSQL and Redis)."
        ),
    ] = 1,
) -> None:
    """Run the desk: migrate, load content, then serve the widget, console and API."""
    import uvicorn

    from walletdesk.app import create_app
    from walletdesk.setup import initialise
    from walletdesk.store.db import Database

    overrides: dict[str, Any] = {}
    if host:
        overrides["host"] = host
    if port is not None:
        overrides["port"] = port
    settings = Settings(**overrides)
    if workers > 1 and (settings.is_sqlite or not settings.redis_url):
        fail(
            "--workers above 1 needs the scale-out mode: set WALLETDESK_DATABASE_URL to "
            "PostgreSQL (postgresql+asyncpg://...) and WALLETDESK_REDIS_URL (redis://...)"
        )

    async def _prepare() -> None:
        db = Database(settings.resolved_database_url)
        try:
            report = await initialise(settings, db)
        finally:
            await db.dispose()
        _print_setup(settings, report)

    asyncio.run(_prepare())
    out.print(f"Widget:  {settings.base_url}/widget", highlight=False)
    out.print(f"Console: {settings.base_url}/console", highlight=False)
    out.print(f"API:     {settings.base_url}/docs", highlight=False)
    if workers > 1:
        # each worker builds its own app from the environment (host and port included)
        os.environ["WALLETDESK_HOST"] = settings.host
        os.environ["WALLETDESK_PORT"] = str(settings.port)
        uvicorn.run(
            "walletdesk.app:create_app",
            factory=True,
            workers=workers,
            host=settings.host,
            port=settings.port,
            log_level=settings.log_level.lower(),
            ws="websockets-sansio",
        )
        return
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        ws="websockets-sansio",
    )


# ---- the bot ---------------------------------------------------------------------------
def _offline_bot(settings: Settings) -> Any:
    """Bot + link checker for CLI use: the database's KB when one exists, else content/."""
    from walletdesk.knowledge.articles import load_directory
    from walletdesk.wiring import build_bot, build_links

    articles = None
    if settings.database_url or (settings.data_dir / "walletdesk.db").exists():
        from walletdesk.store import kb as kb_store
        from walletdesk.store.db import Database
        from walletdesk.store.migrate import upgrade

        async def _load() -> Any:
            db = Database(settings.resolved_database_url)
            try:
                await upgrade(db.engine)
                async with db.session() as session:
                    return await kb_store.load_articles(session)
            finally:
                await db.dispose()

        articles = asyncio.run(_load()) or None
    if articles is None:
        loaded = load_directory(settings.content_dir)
        if loaded.errors:
            fail("knowledge base is invalid:\n" + "\n".join(map(str, loaded.errors[:20])))
        articles = loaded.articles
    if not (settings.data_dir / "walletdesk.db").exists() and settings.model_cache_dir is None:
        # no desk set up here: keep trained models in the user cache, not in the cwd
        settings = settings.model_copy(
            update={"model_cache_dir": Path.home() / ".cache" / "walletdesk" / "models"}
        )
    try:
        bot = build_bot(settings, articles)
    except ValueError as exc:
        fail(f"intent examples are invalid:\n{exc}")
    return bot, build_links(settings)


@app.command()
def ask(
    text: Annotated[str | None, typer.Argument(help="The customer's message.")] = None,
    as_json: JsonOpt = False,
    batch: BatchOpt = None,
) -> None:
    """Answer a message as the bot would (a fresh conversation each time)."""
    from walletdesk.bot.policy import ConversationState
    from walletdesk.safety.guard import OutgoingGuard
    from walletdesk.safety.scan import scan

    settings = Settings()
    bot, links = _offline_bot(settings)
    guard = OutgoingGuard(links)

    def answer(message: str) -> dict[str, Any]:
        result = scan(message, links)
        turn = bot.reply(result, ConversationState(language=settings.default_language))
        verdict = guard.check(turn.answer)
        document: dict[str, Any] = turn.to_dict(result)
        if not verdict.allowed:  # never print what the desk would refuse to send
            document["answer"] = ""
            document["guard"] = verdict.to_dict()
        return document

    def show(result: dict[str, Any]) -> None:
        out.print(
            f"[dim]{result['language']} · {result['intent']} "
            f"({result['confidence']:.2f}) · {result['emotion']['label']}[/dim]"
        )
        out.print(result["answer"], highlight=False)

    run_texts(text, batch, as_json, answer, show)


# ---- safety ----------------------------------------------------------------------------
@app.command("scan")
def scan_cmd(
    text: Annotated[str | None, typer.Argument(help="Text to scan.")] = None,
    as_json: JsonOpt = False,
    batch: BatchOpt = None,
) -> None:
    """Find and redact secrets, judge links, spot scam scripts."""
    from walletdesk.safety.scan import scan
    from walletdesk.wiring import build_links

    links = build_links(Settings())

    def show(result: dict[str, Any]) -> None:
        out.print(result["redacted"], highlight=False)
        for f in result["findings"]:
            out.print(
                f"[red]secret[/red] {f['kind']} at {f['start']}-{f['end']} "
                f"(confidence {f['confidence']:.2f})"
            )
        for link in result["links"]:
            out.print(
                f"link {link['domain']}: {link['verdict']} — {link['reason']}", highlight=False
            )
        for s in result["scam_signals"]:
            out.print(f"[yellow]scam signal[/yellow] {s['kind']}: {s['note']}", highlight=False)

    run_texts(text, batch, as_json, lambda t: scan(t, links).to_dict(), show)


@app.command("check-url")
def check_url(
    url: Annotated[str | None, typer.Argument(help="URL or domain.")] = None,
    as_json: JsonOpt = False,
    batch: BatchOpt = None,
) -> None:
    """Verdict on a link: official, known_safe, blocklisted, impersonation, suspicious, unknown."""
    from walletdesk.wiring import build_links

    links = build_links(Settings())

    def show(result: dict[str, Any]) -> None:
        brand = f" (imitates {result['target_brand']})" if result.get("target_brand") else ""
        out.print(
            f"{result['domain']}: [bold]{result['verdict']}[/bold]{brand} — {result['reason']}",
            highlight=False,
        )

    run_texts(url, batch, as_json, lambda u: links.check(u).to_dict(), show)


@app.command()
def guard(
    text: Annotated[str | None, typer.Argument(help="A message the desk would send.")] = None,
    as_json: JsonOpt = False,
    batch: BatchOpt = None,
) -> None:
    """The outgoing guard's verdict on a bot or agent message."""
    from walletdesk.safety.guard import OutgoingGuard
    from walletdesk.wiring import build_links

    checker = OutgoingGuard(build_links(Settings()))

    def show(result: dict[str, Any]) -> None:
        if result["allowed"]:
            out.print("[green]allowed[/green]")
        for reason in result["reasons"]:
            out.print(f"[red]blocked[/red] {reason['code']}: {reason['message']}", highlight=False)

    run_texts(text, batch, as_json, lambda t: checker.check(t).to_dict(), show)


# ---- chain -----------------------------------------------------------------------------
@app.command()
def address(
    addr: Annotated[str | None, typer.Argument(help="An address.")] = None,
    as_json: JsonOpt = False,
    batch: BatchOpt = None,
) -> None:
    """Validate and classify an address (EVM, TRON, Bitcoin, Solana)."""
    from walletdesk.chain.addresses import check_address

    def show(result: dict[str, Any]) -> None:
        state = "[green]valid[/green]" if result["valid"] else "[red]invalid[/red]"
        out.print(
            f"{state} {', '.join(result['chains']) or 'no known chain'}"
            f"{' → ' + result['normalized'] if result['normalized'] else ''}",
            highlight=False,
        )
        for p in result["problems"]:
            out.print(f"- {p['severity']}: {p['message']}", highlight=False)

    run_texts(addr, batch, as_json, lambda a: check_address(a).to_dict(), show)


@app.command()
def tx(
    tx_hash: Annotated[str | None, typer.Argument(help="Transaction hash (0x + 64 hex).")] = None,
    chain: Annotated[
        str, typer.Option("--chain", help="Chain id, e.g. ethereum, bsc.")
    ] = "ethereum",
    rpc: Annotated[
        str | None, typer.Option("--rpc", help="JSON-RPC URL (overrides WALLETDESK_RPC_ENDPOINTS).")
    ] = None,
    as_json: JsonOpt = False,
    batch: BatchOpt = None,
) -> None:
    """Diagnose a transaction: pending, stuck, dropped, replaced, failed or confirmed."""
    from walletdesk.chain.rpc import diagnose_with_endpoints, endpoints_from_config

    settings = Settings()
    try:
        endpoints = endpoints_from_config(settings.rpc_endpoints)
    except ValueError as exc:
        fail(f"WALLETDESK_RPC_ENDPOINTS: {exc}")
    if rpc:
        endpoints[chain] = rpc

    def answer(value: str) -> dict[str, Any]:
        try:
            diagnosis = asyncio.run(
                diagnose_with_endpoints(endpoints, value, chain, rpc_timeout=settings.rpc_timeout)
            )
        except ValueError as exc:
            fail(str(exc))
        return diagnosis.to_dict()

    def show(result: dict[str, Any]) -> None:
        out.print(f"[bold]{result['status']}[/bold]: {result['reason']}", highlight=False)
        for step in result["advice"]:
            out.print(f"- {step}", highlight=False)

    run_texts(tx_hash, batch, as_json, answer, show)


@app.command()
def fees(
    chain: Annotated[str, typer.Option("--chain", help="Chain id, e.g. ethereum.")] = "ethereum",
    rpc: Annotated[str | None, typer.Option("--rpc", help="JSON-RPC URL.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Fee advice (slow / normal / fast) from the chain's recent blocks."""
    from walletdesk.chain.rpc import RpcClient, RpcError, endpoints_from_config, fee_advice

    settings = Settings()
    try:
        url = rpc or endpoints_from_config(settings.rpc_endpoints).get(chain)
    except ValueError as exc:
        fail(f"WALLETDESK_RPC_ENDPOINTS: {exc}")
    if not url:
        fail(f"no JSON-RPC endpoint for {chain}: set WALLETDESK_RPC_ENDPOINTS or pass --rpc")

    async def _advice() -> dict[str, Any]:
        async with RpcClient(url, timeout=settings.rpc_timeout) as client:
            return (await fee_advice(client, chain)).to_dict()

    try:
        result = asyncio.run(_advice())
    except RpcError as exc:
        fail(f"the node did not answer usefully: {exc.message}", code=1)
    if as_json:
        emit(result)
        return
    out.print(result["explanation"], highlight=False)
    for name, level in result["levels"].items():
        out.print(
            f"- {name}: max {level['max_fee_gwei']} gwei, tip {level['priority_fee_gwei']}"
            f" gwei, {level['expected_wait']}",
            highlight=False,
        )


# ---- knowledge base --------------------------------------------------------------------
@kb_app.command("list")
def kb_list(
    language: Annotated[str | None, typer.Option("--lang")] = None, as_json: JsonOpt = False
) -> None:
    """List the articles the bot answers from."""
    settings = Settings()
    bot, _ = _offline_bot(settings)
    articles = sorted(bot.index.articles(language), key=lambda a: (a.id, a.language))
    if as_json:
        emit(
            [
                {"id": a.id, "language": a.language, "title": a.title, "intents": list(a.intents)}
                for a in articles
            ]
        )
        return
    table = Table("id", "lang", "title", "intents")
    for a in articles:
        table.add_row(a.id, a.language, a.title, ", ".join(a.intents))
    out.print(table)
    out.print(f"{len(articles)} articles")


@kb_app.command("import")
def kb_import(
    directory: Annotated[Path, typer.Argument(help="Folder with <lang>/<id>.md")],
    dry_run: Annotated[bool, typer.Option(help="Validate only.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Validate articles and add or replace them in the knowledge base."""
    from walletdesk.audit import chain as audit
    from walletdesk.knowledge.articles import check_links, load_directory
    from walletdesk.setup import initialise
    from walletdesk.store import kb as kb_store
    from walletdesk.store.db import Database

    settings = Settings()
    loaded = load_directory(directory)
    # links may point at articles already in the knowledge base
    errors = [e for e in loaded.errors if "links to unknown article" not in e.problem]
    if not errors and loaded.errors:
        existing = _offline_bot(settings)[0].index.articles()
        errors = check_links([*existing, *loaded.articles])
    if errors:
        if as_json:
            emit(
                {
                    "imported": 0,
                    "errors": [
                        {"file": e.source, "field": e.field, "problem": e.problem} for e in errors
                    ],
                }
            )
        for e in errors:
            err.print(
                f"[red]{e.source}[/red]: [bold]{e.field}[/bold]: {e.problem}", highlight=False
            )
        raise typer.Exit(2)
    if dry_run:
        if as_json:
            emit({"valid": len(loaded.articles), "errors": []})
        else:
            out.print(f"{len(loaded.articles)} articles are valid.")
        return

    async def _store() -> tuple[int, int]:
        db = Database(settings.resolved_database_url)
        try:
            # a fresh desk gets its defaults first, so an import adds to them
            report = await initialise(settings, db)
            if report.admin_password:
                _print_setup(settings, report, to=err)
            async with db.session() as session:
                added, updated = await kb_store.upsert_articles(session, loaded.articles)
                await audit.append(
                    session,
                    "cli",
                    "kb.imported",
                    str(directory),
                    {"added": added, "updated": updated},
                )
                await session.commit()
                return added, updated
        finally:
            await db.dispose()

    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    added, updated = asyncio.run(_store())
    if as_json:
        emit({"imported": added + updated, "added": added, "updated": updated, "errors": []})
    else:
        out.print(
            f"Imported {added + updated} articles ({added} new, {updated} replaced). "
            "Running servers pick them up at their next start."
        )


# ---- intents ---------------------------------------------------------------------------
@intents_app.command("eval")
def intents_eval(
    train: Annotated[Path, typer.Option("--train", help="CSV with columns text,category.")],
    test: Annotated[Path, typer.Option("--test", help="CSV with columns text,category.")],
    val: Annotated[
        Path | None,
        typer.Option(
            "--val", help="Optional CSV to tune the out-of-scope threshold (never the test set)."
        ),
    ] = None,
    lexical_only: Annotated[bool, typer.Option(help="Skip the sentence encoder.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Train on one CSV, test on another; report accuracy, macro-F1, timings."""
    from rich.progress import Progress

    from walletdesk.language.classifier import IntentClassifier
    from walletdesk.language.embed import default_embedder
    from walletdesk.language.evaluate import evaluate
    from walletdesk.language.intent_data import read_labelled_csv

    try:
        train_data = read_labelled_csv(train)
        test_data = read_labelled_csv(test)
        val_data = read_labelled_csv(val) if val else None
    except ValueError as exc:
        fail(str(exc))
    model = IntentClassifier(None if lexical_only else default_embedder())
    with Progress(console=err, transient=True, disable=as_json) as bar:
        task = bar.add_task("training", total=1.0)
        result = evaluate(
            model,
            train_data,
            test_data,
            val_data,
            progress=lambda step, share: bar.update(task, completed=share, description=step),
        )
    if as_json:
        emit(result)
        return
    table = Table("metric", "value")
    for key, value in result.items():
        table.add_row(key, str(value))
    out.print(table)


@intents_app.command("train")
def intents_train(
    directory: Annotated[
        Path | None,
        typer.Option("--dir", help="Folder of <lang>.yaml examples (default: content/intents)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Train the intent model on the examples (cached: unchanged data is not retrained)."""
    import time

    from rich.progress import Progress

    from walletdesk.language.embed import default_embedder
    from walletdesk.language.intent_data import load_intent_examples
    from walletdesk.language.understand import train_or_load

    settings = Settings()
    folder = directory or settings.intents_dir
    examples = load_intent_examples(folder)
    if examples.errors:
        fail("intent examples are invalid:\n" + "\n".join(examples.errors[:20]))
    started = time.perf_counter()
    with Progress(console=err, transient=True, disable=as_json) as bar:
        task = bar.add_task("loading", total=1.0)
        train_or_load(
            folder,
            settings.models_dir,
            default_embedder() if settings.embeddings else None,
            progress=lambda step, share: bar.update(task, completed=share, description=step),
        )
    languages = sorted(set(examples.languages))
    summary: dict[str, Any] = {
        "examples": len(examples.texts),
        "intents": len(set(examples.labels)),
        "languages": languages,
        "seconds": round(time.perf_counter() - started, 2),
        "models_dir": str(settings.models_dir),
    }
    if as_json:
        emit(summary)
    else:
        out.print(
            f"Intent model ready: {summary['examples']} examples, "
            f"{summary['intents']} intents, {', '.join(languages)} "
            f"({summary['seconds']} s). Servers use it at their next start."
        )


# ---- audit -----------------------------------------------------------------------------
@audit_app.command("verify")
def audit_verify(
    as_json: JsonOpt = False,
    anchor: Annotated[
        Path | None,
        typer.Option(
            "--anchor",
            help="Anchor file (from `audit anchor --file`): also check each anchored head "
            "is still in the chain (catches a cut tail or a chain rewritten from scratch).",
        ),
    ] = None,
) -> None:
    """Check the audit chain: any edited, deleted or reordered event is named."""
    from walletdesk.audit.chain import Anchor, read_anchors, verify
    from walletdesk.store.db import Database

    settings = Settings()
    if settings.is_sqlite and not (settings.data_dir / "walletdesk.db").exists():
        fail(f"no database at {settings.data_dir}; run `walletdesk init` first")
    anchors: list[Anchor] = []
    if anchor is not None:
        if not anchor.is_file():
            fail(f"anchor file not found: {anchor}")
        try:
            anchors = read_anchors(anchor)
        except (ValueError, UnicodeDecodeError) as exc:
            fail(str(exc))

    async def _verify() -> tuple[int, list[Any]]:
        db = Database(settings.resolved_database_url)
        try:
            async with db.read_session() as session:
                return await verify(session, anchors)
        finally:
            await db.dispose()

    count, problems = asyncio.run(_verify())
    if as_json:
        emit(
            {
                "events": count,
                "anchors": len(anchors),
                "ok": not problems,
                "problems": [{"event_id": p.event_id, "problem": p.problem} for p in problems],
            }
        )
    else:
        for p in problems:
            out.print(f"[red]event {p.event_id}[/red]: {p.problem}", highlight=False)
        out.print(
            f"{count} events checked: "
            + (
                "[green]chain intact[/green]"
                if not problems
                else f"[red]{len(problems)} problems[/red]"
            )
        )
    if problems:
        raise typer.Exit(1)


@app.callback()
def _setup_logging() -> None:
    """Logs go to stderr so that --json output on stdout stays one clean document."""
    from pydantic import ValidationError

    from walletdesk.logging import configure_logging

    try:
        settings = Settings()
    except ValidationError as exc:  # a bad WALLETDESK_* variable: say which, no traceback
        problems = "; ".join(
            f"WALLETDESK_{'_'.join(str(p) for p in e['loc']).upper() or 'SETTINGS'}: {e['msg']}"
            for e in exc.errors(include_url=False, include_input=False)
        )
        fail(f"bad setting: {problems}")
    configure_logging(
        settings.log_level if settings.debug else "WARNING",
        json=settings.environment == "production",
        debug=settings.debug,
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()


def _with_session(work: Callable[[Any], Any]) -> Any:
    """Run ``work(session)`` on the desk's database (migrated first), commit, return."""
    from walletdesk.store.db import Database
    from walletdesk.store.migrate import upgrade

    settings = Settings()
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)

    async def _run() -> Any:
        db = Database(settings.resolved_database_url)
        try:
            await upgrade(db.engine)
            async with db.session() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await db.dispose()

    try:
        return asyncio.run(_run())
    except (ValueError, LookupError) as exc:
        fail(str(exc).strip("'\""))


@team_app.command("add")
def team_add(
    name: Annotated[str, typer.Argument(help="Team name (updates the team if it exists).")],
    languages: Annotated[str, typer.Option(help="Comma-separated: en,zh,es,ar.")] = "",
    skills: Annotated[
        str, typer.Option(help="Comma-separated: security,transactions,defi,hardware,general.")
    ] = "",
    as_json: JsonOpt = False,
) -> None:
    """Create or update a team."""
    from walletdesk.desk.admin import save_team

    async def _save(session: Any) -> dict[str, Any]:
        team = await save_team(session, "cli", name, languages, skills)
        return {
            "id": team.id,
            "name": team.name,
            "languages": team.languages,
            "skills": team.skills,
        }

    result = _with_session(_save)
    if as_json:
        emit(result)
    else:
        out.print(f"team {result['name']} saved ({result['id']})", highlight=False)


@agent_app.command("add")
def agent_add(
    email: Annotated[str, typer.Argument(help="Login email.")],
    name: Annotated[str, typer.Option(help="Name shown to customers.")] = "",
    role: Annotated[str, typer.Option(help="agent, supervisor or admin.")] = "agent",
    team: Annotated[str, typer.Option(help="Team name (see `walletdesk team add`).")] = "",
    languages: Annotated[str, typer.Option(help="Comma-separated: en,zh,es,ar.")] = "",
    skills: Annotated[str, typer.Option(help="Comma-separated skills.")] = "",
    capacity: Annotated[int, typer.Option(help="Open tickets at once.")] = 5,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Add an agent. Without --password-stdin a one-time password is printed once and must
    be changed at first login."""
    from walletdesk.desk.admin import add_agent
    from walletdesk.desk.agents import password_problem

    password: str | None = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        problem = password_problem(password, email)
        if problem:
            fail(f"password refused: {problem}")

    async def _add(session: Any) -> dict[str, Any]:
        agent, secret = await add_agent(
            session,
            "cli",
            email=email,
            name=name or email.split("@")[0],
            role=role,
            team=team,
            languages=languages,
            skills=skills,
            capacity=capacity,
        )
        if password is not None:
            from walletdesk.desk.agents import set_password

            set_password(agent, password)
        return {
            "id": agent.id,
            "email": agent.email,
            "role": agent.role,
            "one_time_password": None if password is not None else secret,
        }

    result = _with_session(_add)
    if as_json:
        emit(result)
    else:
        out.print(f"agent {result['email']} added ({result['role']})", highlight=False)
        if result["one_time_password"]:
            out.print(
                f"one-time password (shown once): {result['one_time_password']}", highlight=False
            )


# ---- audit anchors ---------------------------------------------------------------------
@audit_app.command("anchor")
def audit_anchor(
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Append the head to this file (one JSON line); else print it."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Record the chain head (id, hash, time) outside the database. Keep the file where
    the database's writers cannot rewrite it; `audit verify --anchor FILE` checks it."""
    from walletdesk.audit.chain import anchor_of, append_anchor, head
    from walletdesk.store.db import Database

    settings = Settings()
    if settings.is_sqlite and not (settings.data_dir / "walletdesk.db").exists():
        fail(f"no database at {settings.data_dir}; run `walletdesk init` first")

    async def _head() -> Any:
        db = Database(settings.resolved_database_url)
        try:
            async with db.read_session() as session:
                event = await head(session)
                return None if event is None else anchor_of(event)
        finally:
            await db.dispose()

    anchored = asyncio.run(_head())
    if anchored is None:
        fail("the audit chain is empty: nothing to anchor yet")
    if file is not None:
        try:
            append_anchor(file, anchored)
        except OSError as exc:
            fail(f"cannot write {file}: {exc.strerror}")
    if as_json or file is None:
        emit(anchored.to_dict())
    else:
        out.print(f"anchored event {anchored.event_id} ({anchored.hash[:16]}…) to {file}")


# ---- privacy (desk/privacy.py) ---------------------------------------------------------
privacy_app = typer.Typer(
    no_args_is_help=True, help="Privacy: one customer's data, retention purge, data key."
)
app.add_typer(privacy_app, name="privacy")


def _privacy_run(work: Callable[[Any], Any]) -> Any:
    """Run ``work(db)`` on the desk's migrated database with the data key configured;
    refusals become a clear message and exit code 2 (1 when stored data will not open)."""
    from walletdesk.desk.privacy import NotFound
    from walletdesk.store.crypto import DataKeyError, DecryptionError, configure_from_settings
    from walletdesk.store.db import Database
    from walletdesk.store.migrate import upgrade

    settings = Settings()
    if settings.is_sqlite and not (settings.data_dir / "walletdesk.db").exists():
        fail(f"no database at {settings.data_dir}; run `walletdesk init` first")
    try:
        configure_from_settings(settings)
    except DataKeyError as exc:
        fail(str(exc))

    async def _run() -> Any:
        db = Database(settings.resolved_database_url)
        try:
            await upgrade(db.engine)
            return await work(db)
        finally:
            await db.dispose()

    try:
        return asyncio.run(_run())
    except NotFound as exc:
        fail(str(exc).strip("'\""))
    except DecryptionError as exc:
        fail(str(exc), code=1)
    except ValueError as exc:
        fail(str(exc))


CustomerArg = Annotated[str, typer.Argument(help="The customer's id (see the console).")]


@privacy_app.command("export")
def privacy_export(
    customer_id: CustomerArg,
    output: Annotated[
        Path | None, typer.Option("--out", help="Write the JSON document to this file (0600).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Everything held about one customer (conversations, redacted messages, tickets,
    CSAT, academy progress, reminders, decrypted email). Audited."""
    from walletdesk.desk.privacy import export_customer

    document = _privacy_run(lambda db: export_customer(db, customer_id, "cli"))
    if output is not None:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=2)
    if as_json:
        emit(document)
        return
    conversations = document["conversations"]
    out.print(
        f"customer {customer_id}: {len(conversations)} conversations, "
        f"{sum(len(c['messages']) for c in conversations)} messages, "
        f"{len(document['academy_progress'])} lessons"
        + (f"; written to {output}" if output else "; use --json or --out FILE for the data"),
        highlight=False,
    )


@privacy_app.command("delete")
def privacy_delete(
    customer_id: CustomerArg,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Erase one customer: email, phone and every message's text; tickets stay as
    anonymous statistics; tokens are revoked. Audited; cannot be undone."""
    from walletdesk.desk.privacy import delete_customer

    if not yes and not typer.confirm(f"Erase customer {customer_id}? This cannot be undone"):
        fail("not confirmed; nothing was changed", code=1)
    report = _privacy_run(lambda db: delete_customer(db, customer_id, "cli"))
    if as_json:
        emit(report.to_dict())
        return
    out.print(
        f"customer {customer_id} erased: {report.messages} messages in "
        f"{report.conversations} conversations, {report.tokens_revoked} tokens revoked; "
        f"{report.tickets_kept_anonymous} tickets kept as anonymous statistics",
        highlight=False,
    )


@privacy_app.command("purge")
def privacy_purge(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count only; delete nothing.")] = False,
    days: Annotated[
        int | None,
        typer.Option(
            "--days", min=1, max=36_500, help="Override WALLETDESK_RETENTION_DAYS for this run."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Delete conversations closed or solved and untouched for the retention period (with
    their messages and tickets), then customers left with nothing. Audit events stay."""
    from walletdesk.desk.privacy import purge
    from walletdesk.store.models import utcnow

    retention = days or Settings().retention_days
    if retention < 1:
        fail("retention is off (WALLETDESK_RETENTION_DAYS=0); pass --days N to purge anyway")
    report = _privacy_run(lambda db: purge(db, utcnow(), retention, dry_run=dry_run, actor="cli"))
    if as_json:
        emit(report.to_dict())
        return
    verb = "would delete" if dry_run else "deleted"
    out.print(
        f"{verb} {report.conversations} conversations ({report.messages} messages, "
        f"{report.tickets} tickets) and {report.customers} customers untouched since "
        f"{report.cutoff[:10]}",
        highlight=False,
    )


@privacy_app.command("rekey")
def privacy_rekey(as_json: JsonOpt = False) -> None:
    """Re-encrypt customer email/phone with WALLETDESK_DATA_KEY (after moving the old key
    to WALLETDESK_DATA_KEYS_OLD); afterwards the old key can be dropped."""
    from walletdesk.desk.privacy import rekey

    changed = _privacy_run(lambda db: rekey(db, "cli"))
    if as_json:
        emit({"customers": changed})
    else:
        out.print(f"{changed} customers re-encrypted with the current data key")


@app.command()
def worker(
    burst: Annotated[
        bool, typer.Option(help="Run the queued jobs, then exit (for cron or tests).")
    ] = False,
) -> None:
    """Run the background job queue (scale-out mode, needs WALLETDESK_REDIS_URL): the SLA
    clock, email, webhooks and reminders, with retries and a dead-letter list."""
    settings = Settings()
    if not settings.redis_url:
        fail("the job queue needs WALLETDESK_REDIS_URL (redis://...)")
    try:
        from walletdesk.jobs import build_worker
    except ImportError:
        fail("the job queue needs the scale-out packages: pip install 'walletdesk[scale]'")
    build_worker(settings, burst=burst).run()


@email_app.command("ingest")
def email_ingest(
    path: Annotated[str, typer.Argument(help="A raw RFC 5322 message (.eml); - reads stdin.")],
    as_json: JsonOpt = False,
) -> None:
    """Take one email into the desk as a customer message (forwarding setups, tests). The
    answer goes out over WALLETDESK_SMTP_URL when it is set; webhooks are queued."""
    from walletdesk.app import build_services
    from walletdesk.channels.email import EmailRejected
    from walletdesk.integrations import runtime

    settings = Settings()
    limit = settings.email_max_bytes
    if path == "-":
        raw = sys.stdin.buffer.read(limit + 1)
    else:
        source = Path(path)
        if not source.is_file():
            fail(f"file not found: {path}")
        if source.stat().st_size > limit:
            fail(f"message larger than {limit} bytes (WALLETDESK_EMAIL_MAX_BYTES)")
        raw = source.read_bytes()

    async def _run() -> dict[str, Any]:
        services = await build_services(settings)
        integrations = await runtime.start(services, background=False)
        try:
            return (await integrations.email.ingest(raw)).to_dict()
        finally:
            await integrations.stop()
            await services.desk.bus.close()
            await services.db.dispose()

    try:
        result = asyncio.run(_run())
    except EmailRejected as exc:
        fail(f"message refused: {exc.reason}")
    if as_json:
        emit(result)
    else:
        out.print(
            f"{result['status']}: conversation {result['conversation_id']} "
            f"({result['replies']} replies, {result['emails_sent']} emails sent"
            + (f", {result['emails_queued']} queued" if result["emails_queued"] else "")
            + ")"
            + (f" - {result['reason']}" if result["reason"] else ""),
            highlight=False,
        )
