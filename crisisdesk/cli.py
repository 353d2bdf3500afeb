"""The ``crisisdesk`` command. Qt is imported only for the commands that open a window."""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from crisisdesk import __version__, paths
from crisisdesk.clock import SystemClock, local_zone
from crisisdesk.store import DatabaseUnavailable, NeedsKey, Store, StoreError, inspect_file
from crisisdesk.vocabulary import CATEGORIES

if TYPE_CHECKING:
    from sqlmodel import Session

    from crisisdesk.report import Report

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One clear line, plus where to look, instead of argparse's usage dump.
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _parser() -> argparse.ArgumentParser:
    db_help = f"the database file (default: {paths.default_database()})"
    parser = _Parser(
        prog="crisisdesk",
        description="Offline crisis-room dashboard for communications teams.",
    )
    parser.add_argument("--version", action="version", version=f"crisisdesk {__version__}")
    parser.add_argument("--db", type=Path, help=db_help)
    parser.add_argument(
        "--plain",
        action="store_true",
        help="create a new database unencrypted (e.g. for a shared wall PC); "
        "new databases are encrypted otherwise",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a fresh database holding the fictional demo incident "
        "(a temporary file, or the new file named by --db)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = sub.add_parser("demo", help="write the demo incident into a new database and exit")
    demo.add_argument("--db", type=Path, required=True, help="the new database file to write")

    log = sub.add_parser("log", help="append an entry to the current incident's timeline")
    log.add_argument("text", help="what happened, e.g. 'SOC confirms the DDoS has stopped'")
    log.add_argument("--category", choices=CATEGORIES, default="note")
    log.add_argument("--actor", default="", help="who did or said it")
    log.add_argument("--incident", help="incident id (default: the most recent active incident)")
    log.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=db_help)

    verify = sub.add_parser(
        "verify",
        help="check every desk's hash chain in the database, or the heads a PDF report printed",
    )
    verify.add_argument(
        "report", nargs="?", type=Path, help="a PDF report to check against the database"
    )
    verify.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=db_help)

    encrypt = sub.add_parser("encrypt", help="encrypt a plain database in place")
    encrypt.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=db_help)
    decrypt = sub.add_parser(
        "decrypt", help="make an encrypted database plain in place (e.g. for a wall PC)"
    )
    decrypt.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=db_help)

    wall = sub.add_parser("wall", help="the crisis room's big-screen view (read-only)")
    wall.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=db_help)
    wall.add_argument("--demo", action="store_true", help="show the fictional demo incident")
    wall.add_argument("--screen", type=int, help="which screen to fill (1 = the first)")
    wall.add_argument("--kiosk", action="store_true", help="keys cannot close the wall")
    wall.add_argument("--light", action="store_true", help="dark text on light (bright rooms)")
    wall.add_argument("--still", action="store_true", help="no pulsing of overdue tiles")

    export = sub.add_parser("export-pdf", help="write the incident's record as a PDF report")
    export.add_argument("-o", "--output", type=Path, required=True, help="the PDF file to write")
    export.add_argument("--incident", help="incident id (default: the most recent active one)")
    export.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=db_help)
    export.add_argument(
        "--since", type=_when, help="first time to include (ISO 8601, UTC if no zone)"
    )
    export.add_argument("--until", type=_when, help="last time to include (ISO 8601)")
    export.add_argument(
        "--categories", type=_categories, help=f"comma-separated: {','.join(CATEGORIES)}"
    )
    export.add_argument(
        "--facing",
        choices=("all", "internal", "external"),
        default="all",
        help="only entries the outside world saw (external), or only the rest (internal)",
    )
    export.add_argument(
        "--redact",
        action="store_true",
        help="replace emails, phone numbers and named customers with [redacted]",
    )
    export.add_argument(
        "--tz", type=_zone, help="time zone for local times (default: this machine's)"
    )
    export.add_argument("--page", choices=("A4", "Letter"), default="A4")
    export.add_argument(
        "--marking", default="CONFIDENTIAL", help="printed on every page ('' for none)"
    )
    return parser


def _when(text: str) -> datetime:
    try:
        found = datetime.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date and time like 2026-11-28T14:05"
        ) from err
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def _categories(text: str) -> frozenset[str]:
    chosen = frozenset(c.strip() for c in text.split(",") if c.strip())
    unknown = sorted(chosen - set(CATEGORIES))
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown category {', '.join(unknown) or '(none given)'}; use {','.join(CATEGORIES)}"
        )
    return chosen


def _zone(text: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if text.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise argparse.ArgumentTypeError(f"unknown time zone {text!r}, e.g. Europe/London") from err


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"crisisdesk: error: {message}", file=sys.stderr)
    logging.getLogger("crisisdesk").warning("command failed: %s", message)
    return code


def _start_log() -> None:
    from crisisdesk import logs

    try:
        logs.setup()
    except OSError as err:  # a read-only home: the app works without its log
        print(f"crisisdesk: note: no log file ({err.strerror or err})", file=sys.stderr)


def _database(args: argparse.Namespace) -> Path:
    if args.db is not None:
        return _expand(args.db)
    default = paths.default_database()
    default.parent.mkdir(parents=True, exist_ok=True)
    return default


def _expand(path: Path) -> Path:
    try:
        return Path(path).expanduser()
    except RuntimeError as err:  # "~nobody/x": no such user
        raise DatabaseUnavailable(f"{path}: {err}. Give the full path with --db.") from err


def _terminal_ask(reason: str, attempt: int, *, new: bool) -> str | None:
    """A passphrase typed at the terminal (not echoed); None when there is no terminal."""
    import getpass

    if not sys.stdin.isatty():
        return None
    print(reason, file=sys.stderr)
    try:
        typed = getpass.getpass("Passphrase: ")
        if new and typed != getpass.getpass("Type it again: "):
            print("The two did not match.", file=sys.stderr)
            return None
    except (EOFError, KeyboardInterrupt):
        return None
    return typed or None


def _existing_store(path: Path) -> Store:
    from crisisdesk.unlock import open_database

    return open_database(path, create=False, ask=_terminal_ask)


def cmd_demo(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from crisisdesk.demo import create_demo_database

    try:
        create_demo_database(args.db, now=datetime.now(UTC))
    except FileExistsError as err:
        return _fail(str(err))
    print(f"demo incident written to {args.db}")
    return EXIT_OK


def cmd_log(args: argparse.Namespace) -> int:
    from crisisdesk import incidents, timeline
    from crisisdesk.identity import Author, load_desk

    store = _existing_store(_database(args))
    try:
        desk = load_desk()
        author = (
            desk.author() if desk.has_person else Author(desk.desk_id, f"{_login()} (terminal)")
        )
        with store.write() as session:
            incident_id = args.incident
            if incident_id is None:
                active = [i for i in incidents.list_incidents(session) if i.status == "active"]
                if not active:
                    return _fail("there is no active incident to log to; open one in the app first")
                incident_id = active[0].id
            elif incidents.current(session, incident_id).is_closed:
                return _fail("that incident is closed: reopen it in the app to log to it")
            entry = timeline.append(
                session,
                author,
                SystemClock(),
                incident_id,
                args.text,
                category=args.category,
                actor=args.actor,
                source="terminal",
            )
        # Only once the transaction has committed: a failed commit must not read as logged.
        print(f"logged #{entry.seq} at {entry.occurred_at:%H:%M:%S} UTC: {entry.text}")
    except ValueError as err:
        return _fail(str(err))
    finally:
        store.close()
    return EXIT_OK


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def cmd_verify(args: argparse.Namespace) -> int:
    from crisisdesk import timeline

    if args.report is not None:
        return _verify_report(args)
    store = _existing_store(_database(args))
    try:
        with store.session() as session:
            reports = timeline.verify(session)
    finally:
        store.close()
    if not reports:
        print("no timeline entries yet: nothing to verify")
        return EXIT_OK
    broken = 0
    for report in reports:
        name = f"desk {report.desk_id[:8]}"
        if report.intact:
            print(f"{name}: intact, {report.count} entries, head {report.head_hash}")
        else:
            broken += 1
            print(
                f"{name}: BROKEN at entry #{report.broken_seq} ({report.broken_entry}): "
                f"{report.problem}"
            )
    if broken:
        print(f"{broken} of {len(reports)} chains broken: the record was altered outside the app")
        return EXIT_FAILED
    print(f"all {len(reports)} chains intact")
    return EXIT_OK


def _verify_report(args: argparse.Namespace) -> int:
    from crisisdesk.report import check_heads, printed_heads

    try:
        data = Path(args.report).expanduser().read_bytes()
    except OSError as err:
        return _fail(f"cannot read {args.report}: {err.strerror or err}")
    found = printed_heads(data)
    if found is None:
        return _fail(
            f"{args.report} is not a crisisdesk report, or its chain heads are damaged: "
            "nothing to check"
        )
    incident, heads = found
    store = _existing_store(_database(args))
    try:
        with store.session() as session:
            checks = check_heads(session, heads)
    finally:
        store.close()
    for check in checks:
        name = f"desk {check.desk_id[:8]}"
        if check.matches:
            print(f"{name}: match, {check.count} entries, head {check.head_hash}")
        else:
            print(f"{name}: MISMATCH: {check.problem}")
    if all(c.matches for c in checks):
        print(f"the report of incident {incident} matches the database")
        return EXIT_OK
    print("the report does not match the database: the record changed after it was printed")
    return EXIT_FAILED


def cmd_encrypt(args: argparse.Namespace) -> int:
    from crisisdesk import encryption

    path = _database(args)
    where = encryption.encrypt(path, ask=_terminal_ask)
    print(f"{path} is now encrypted; its key is kept in {where}")
    return EXIT_OK


def cmd_decrypt(args: argparse.Namespace) -> int:
    from crisisdesk import encryption

    path = _database(args)
    encryption.decrypt(path, ask=_terminal_ask)
    print(f"{path} is now NOT ENCRYPTED: anyone with the file can read it")
    return EXIT_OK


# Writes a report as a PDF; returns the number of pages. Raises OSError when the file
# cannot be written, ReportError when the report cannot be drawn (the message says why).
Exporter = Callable[["Report", Path], int]


def cmd_export(args: argparse.Namespace, exporter: Exporter | None) -> int:
    from crisisdesk.identity import load_desk
    from crisisdesk.report import ReportError, ReportOptions, build

    if exporter is None:
        return _fail("this installation cannot draw PDFs (the Qt layer is missing)")
    output = _expand(args.output)
    if not output.parent.is_dir():
        return _fail(f"cannot write {output}: the folder {output.parent} does not exist")
    store = _existing_store(_database(args))
    try:
        with store.read() as session:
            incident_id = args.incident or _latest_incident(session)
            if incident_id is None:
                return _fail("the database holds no incident to export")
            desk = load_desk()
            options = ReportOptions(
                since=args.since, until=args.until,
                categories=args.categories or frozenset(CATEGORIES), facing=args.facing,
                redact=args.redact, tz=args.tz or local_zone(), page_size=args.page,
                marking=args.marking,
            )  # fmt: skip
            try:
                report = build(session, incident_id, now=SystemClock().now(), who=desk.author(),
                               options=options)  # fmt: skip
            except ReportError as err:
                return _fail(str(err))
    finally:
        store.close()
    try:
        pages = exporter(report, output)
    except OSError as err:
        return _fail(f"cannot write {output}: {err.strerror or err}")
    except ReportError as err:
        return _fail(f"no report was written: {err}")
    print(f"wrote {output} ({pages} pages)")
    return EXIT_OK


def _latest_incident(session: Session) -> str | None:
    from crisisdesk import incidents

    listed = incidents.list_incidents(session)
    return listed[0].id if listed else None


@dataclass(frozen=True)
class WallOptions:
    screen: int | None = None  # 1-based, as people count screens
    kiosk: bool = False
    light: bool = False
    still: bool = False
    from_command_line: bool = True


# Opens the wall on a database.
Wall = Callable[[Path, WallOptions], int]


def cmd_wall(args: argparse.Namespace, wall: Wall | None) -> int:
    if wall is None:
        return _fail("this installation has no window: use a command (see --help)")
    options = WallOptions(args.screen, args.kiosk, args.light, args.still)
    if not args.demo:
        path = _database(args)
        with suppress(NeedsKey):  # encrypted: the wall finds the key (keyring or variable)
            inspect_file(path)  # a wrong path or a foreign file: one line here, no window
        return wall(path, options)
    from crisisdesk.demo import create_demo_database

    folder = Path(tempfile.mkdtemp(prefix="crisisdesk-wall-demo-"))
    try:
        create_demo_database(folder / "demo.sqlite", now=datetime.now(UTC))
        return wall(folder / "demo.sqlite", options)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# Opens the main window on a database: (path, demo, plain). ``demo`` says it holds the
# fictional demo; ``plain`` that a new database is to be created unencrypted.
Window = Callable[[Path, bool, bool], int]


def cmd_gui(args: argparse.Namespace, window: Window | None) -> int:
    if not args.demo:
        # A wrong path or a foreign file is a one-line error here, before any window opens.
        with suppress(NeedsKey):  # encrypted: the window asks for the passphrase if need be
            inspect_file(_database(args))
    if window is None:
        return _fail("this installation has no window: use a command (see --help)")
    cleanup: Path | None = None
    if args.demo:
        from datetime import UTC, datetime

        from crisisdesk.demo import create_demo_database

        if args.db is not None:
            path = _expand(args.db)
        else:
            cleanup = Path(tempfile.mkdtemp(prefix="crisisdesk-demo-"))
            path = cleanup / "demo.sqlite"
        try:
            create_demo_database(path, now=datetime.now(UTC))
        except FileExistsError as err:
            return _fail(str(err))
    else:
        path = _database(args)
    try:
        return window(path, args.demo, args.plain)
    finally:
        if cleanup is not None:
            shutil.rmtree(cleanup, ignore_errors=True)


def main(
    argv: Sequence[str] | None = None,
    *,
    window: Window | None = None,
    exporter: Exporter | None = None,
    wall: Wall | None = None,
) -> int:
    """The ``crisisdesk`` command. The Qt layer's launcher passes ``window`` and
    ``exporter``: the core itself never imports the Qt layer, so without them only the
    terminal commands that need no drawing work."""
    args = _parser().parse_args(argv)
    _start_log()
    paths.use_private_temp()
    commands = {
        "demo": cmd_demo,
        "log": cmd_log,
        "verify": cmd_verify,
        "encrypt": cmd_encrypt,
        "decrypt": cmd_decrypt,
    }
    try:
        if args.command in commands:
            return commands[args.command](args)
        if args.command == "export-pdf":
            return cmd_export(args, exporter)
        if args.command == "wall":
            return cmd_wall(args, wall)
        return cmd_gui(args, window)
    except StoreError as err:
        return _fail(str(err))
    except KeyboardInterrupt:
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
