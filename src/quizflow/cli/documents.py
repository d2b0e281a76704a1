"""`quizflow import` and `quizflow export`: documents in, files out.

Import reads a Word, text, Markdown or HTML file (or a Google Doc), finds its questions, keeps
the document, and creates a scenario from them (or appends them to one); --dry-run only shows
what was found. Export streams a scenario, or an author's whole bank, as .txt or .pdf.
"""

from __future__ import annotations

import enum
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import typer
from rich.progress import (
    FileSizeColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from quizflow.cli.import_preview import show_preview, show_tabs_preview, show_warnings
from quizflow.cli.import_sources import read_document, stage_progress
from quizflow.cli.runtime import console, err_console, get_sessions, get_store
from quizflow.cli.targets import (
    ensure_principal,
    local_admin,
    principal_of,
    resolve_scenario,
)
from quizflow.errors import InvalidInputError

if TYPE_CHECKING:  # the rest is imported by the commands: `--help` needs none of it
    from sqlalchemy.orm import Session, sessionmaker

    from quizflow.auth import Principal
    from quizflow.settings import Settings


def import_(source: str, *, dry_run: bool, into: str | None, per_tab: bool, author: str) -> None:
    """`quizflow import` of a document (`cli/interchange.py` declares the command's options):
    turn its questions into a scenario, or one per tab, and keep the document."""
    from quizflow.documents.extract import extract_questions
    from quizflow.services import imports
    from quizflow.settings import get_settings

    if per_tab and into is not None:
        raise InvalidInputError("--scenario-per-tab creates new scenarios; it cannot go --into one")
    settings = get_settings()
    if per_tab:
        _import_per_tab(source, settings, dry_run=dry_run, author=author)
        return
    with stage_progress(3 if dry_run else 4) as stages:
        found, document = read_document(source, settings, stages)
        stages.next("extracting questions")
        extraction = extract_questions(document)
        if dry_run:
            stages.next("done")
        else:
            imports.check_extraction(extraction)  # refuse before anything is stored
            sessions = get_sessions()
            actor = ensure_principal(sessions, author, "author")
            into_id = _import_target(sessions, actor, into)
            stages.next("storing the document and its questions")
            imported = imports.import_document(
                sessions=sessions,
                store=get_store(),
                settings=settings,
                actor=actor,
                filename=found.filename,
                data=found.data,
                document=document,
                extraction=extraction,
                media_type=found.media_type,
                into=into_id,
                progress=stages.note,
            )
    if dry_run:
        show_preview(extraction)
        # The exit status says what the real import would do: a refusal is an error.
        imports.check_extraction(extraction)
        return
    show_warnings(extraction, err_console)
    verb = "Appended" if into_id else "Imported"
    err_console.print(
        Text(
            f"{verb} {len(extraction.questions)} question(s) into {imported.scenario.title!r} "
            f"({imported.scenario.question_count} in all); document {imported.document.id} kept."
        ),
        soft_wrap=True,
    )
    typer.echo(imported.scenario.id)


def _import_per_tab(source: str, settings: Settings, *, dry_run: bool, author: str) -> None:
    """`import --scenario-per-tab`: one scenario per tab, or with --dry-run each tab's preview."""
    from quizflow.documents.tabs import extract_per_tab
    from quizflow.services import import_tabs

    with stage_progress(3 if dry_run else 4) as stages:
        found, document = read_document(source, settings, stages)
        stages.next("extracting questions")
        tabs = extract_per_tab(document, fallback_title=import_tabs.fallback_title(found.filename))
        if dry_run:
            stages.next("done")
        else:
            import_tabs.check_tabs(tabs)  # refuse before anything is stored
            sessions = get_sessions()
            actor = ensure_principal(sessions, author, "author")
            stages.next("storing the document and its questions")
            imported = import_tabs.import_document_per_tab(
                sessions=sessions,
                store=get_store(),
                settings=settings,
                actor=actor,
                filename=found.filename,
                data=found.data,
                document=document,
                tabs=tabs,
                media_type=found.media_type,
                progress=stages.note,
            )
    if dry_run:
        show_tabs_preview(tabs)
        import_tabs.check_tabs(tabs)  # the exit status says what the real import would do
        return
    for tab in tabs:
        show_warnings(tab.extraction, err_console)
    made = ", ".join(f"{s.title!r} ({s.question_count})" for s in imported.scenarios)
    err_console.print(
        Text(
            f"Imported {len(imported.scenarios)} scenario(s), one per tab with questions: "
            f"{made}; document {imported.document.id} kept."
        ),
        soft_wrap=True,
    )
    for scenario in imported.scenarios:
        typer.echo(scenario.id)


def _import_target(
    sessions: sessionmaker[Session], actor: Principal, into: str | None
) -> uuid.UUID | None:
    from quizflow.services import scenarios

    if into is None:
        return None
    scenario_id = resolve_scenario(sessions, into)
    # Checked now, so a scenario the importer may not change stops the import before storing.
    scenarios.get_scenario(sessions=sessions, actor=actor, scenario_id=scenario_id)
    return scenario_id


class FormatChoice(enum.StrEnum):
    TXT = "txt"
    PDF = "pdf"


def export(
    export_format: FormatChoice,
    output: str,
    scenario: str | None,
    *,
    answers: bool,
    bank: bool,
    author: str,
) -> None:
    """`quizflow export` as .txt or .pdf (`cli/interchange.py` declares the command's options):
    a scenario's draft, or with `bank` all of an author's scenarios."""
    from quizflow.services import exports, users
    from quizflow.settings import get_settings

    if bank and scenario is not None:
        raise InvalidInputError("give a SCENARIO or --bank, not both")
    if not bank and scenario is None:
        raise InvalidInputError("give the SCENARIO to export, or --bank for all of an author's")
    if output == "-" and export_format is FormatChoice.PDF and sys.stdout.isatty():
        raise InvalidInputError("a PDF cannot be shown in the terminal; give -o FILE")
    sessions = get_sessions()
    settings = get_settings()
    if scenario is None:
        owner = principal_of(users.find_user(sessions=sessions, email=author))
        stream = exports.export_bank(
            sessions=sessions,
            settings=settings,
            actor=owner,
            export_format=export_format.value,
            with_answers=answers,
        )
    else:
        stream = exports.export_scenario(
            sessions=sessions,
            settings=settings,
            actor=local_admin(sessions),
            scenario_id=resolve_scenario(sessions, scenario),
            export_format=export_format.value,
            with_answers=answers,
        )
    if output == "-":
        _write_chunks(stream.chunks, sys.stdout.buffer, "stdout")
        sys.stdout.buffer.flush()
        return
    size = write_file(stream.chunks, Path(output).expanduser())
    console.print(Text(f"Wrote {stream.filename} ({size:,} bytes) to {output}"))


def write_file(chunks: Iterator[bytes], path: Path) -> int:
    """Write the chunks next to `path`, then put the file in place: never a half file there."""
    partial = path.with_name(f"{path.name}.part")
    try:
        with partial.open("wb") as out:
            size = _write_chunks(chunks, out, str(path))
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InvalidInputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return size


def _write_chunks(chunks: Iterator[bytes], out: IO[bytes], name: str) -> int:
    written = 0
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        FileSizeColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    ) as progress:
        task = progress.add_task(f"writing {name}", total=None)
        for chunk in chunks:
            out.write(chunk)
            written += len(chunk)
            progress.update(task, completed=written)
    return written
