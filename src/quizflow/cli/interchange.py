"""`quizflow import` and `quizflow export` for question banks: GIFT, Aiken, Moodle XML, QTI 3.

These wrap the document commands: a file recognised (by content) as one of the interchange
formats, or named by --format, is imported as a bank; anything else goes on to the document
importer. Heavy modules are imported inside the commands, so `quizflow --help` stays fast.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from quizflow.cli import documents
from quizflow.cli.import_preview import excerpt
from quizflow.cli.import_sources import read_file, stage_progress
from quizflow.cli.runtime import console, err_console
from quizflow.cli.targets import DEMO_AUTHOR_EMAIL, SCENARIO_HELP
from quizflow.errors import InvalidInputError, UnsupportedMediaTypeError

if TYPE_CHECKING:
    from quizflow.interchange.model import Format, Note
    from quizflow.services.interchange import ImportPlan


class BankFormat(enum.StrEnum):
    GIFT = "gift"
    AIKEN = "aiken"
    MOODLE_XML = "moodle-xml"
    QTI3 = "qti3"


class ExportFormat(enum.StrEnum):
    TXT = "txt"
    PDF = "pdf"
    GIFT = "gift"
    AIKEN = "aiken"
    MOODLE_XML = "moodle-xml"
    QTI3 = "qti3"


def _bank_format(path: Path, data: bytes, given: BankFormat | None) -> Format | None:
    from quizflow.interchange.detect import detect_format

    if given is not None:
        return given.value
    try:
        return detect_format(data, path.name)
    except UnsupportedMediaTypeError:
        return None


def import_(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE|URL",
            help="A GIFT, Aiken, Moodle XML file or QTI 3 package/item (recognised by content), "
            "or a document: .docx, .txt, .md, .html, .gdoc or a Google Docs link.",
        ),
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Only show what would be imported; save nothing."),
    ] = False,
    into: Annotated[
        str | None,
        typer.Option("--into", metavar="SCENARIO", help="Documents only: append to this scenario."),
    ] = None,
    per_tab: Annotated[
        bool,
        typer.Option(
            "--scenario-per-tab",
            help="Google Docs only: one scenario per tab (and child tab) that holds questions.",
        ),
    ] = False,
    author: Annotated[
        str,
        typer.Option("--as", metavar="EMAIL", help="Who imports and owns what is created."),
    ] = DEMO_AUTHOR_EMAIL,
    file_format: Annotated[
        BankFormat | None,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="The bank's format (default: detected)."
        ),
    ] = None,
) -> None:
    """Import a question bank (each category a scenario) or a document; print the scenario ids.

    In a document, questions are numbered (1. or Word's numbering), choices lettered (A) or a
    list), correct choices given by an "Answer: B" line, bold, a ✓ or an answer key;
    "Explanation:" lines are kept. Nothing is saved unless every question can be: try --dry-run.

    Question types quizflow lacks are listed with what was kept (e.g. as free text) or why
    they were skipped; the rest is imported, all of it in one transaction.
    """
    from quizflow.settings import get_settings

    path = Path(source).expanduser()
    settings = get_settings()
    data = read_file(path, settings) if path.is_file() else None
    chosen = _bank_format(path, data, file_format) if data is not None else None
    if chosen is None:
        if file_format is not None:
            raise InvalidInputError(f"{source}: no such file")
        documents.import_(source, dry_run=dry_run, into=into, per_tab=per_tab, author=author)
        return
    if into is not None or per_tab:
        option = "--into" if into is not None else "--scenario-per-tab"
        raise InvalidInputError(f"{option} is for documents; a bank makes a scenario per category")
    assert data is not None
    _import_bank(path, data, chosen, dry_run=dry_run, author=author)


def _import_bank(path: Path, data: bytes, chosen: Format, *, dry_run: bool, author: str) -> None:
    from quizflow.cli.runtime import get_sessions, get_store
    from quizflow.cli.targets import ensure_principal
    from quizflow.services import interchange
    from quizflow.settings import get_settings

    settings = get_settings()
    with stage_progress(2 if dry_run else 4) as stages:
        stages.next(f"reading {chosen}")
        plan = interchange.preview_bank(
            data=data, filename=path.name, settings=settings, file_format=chosen
        )
        if dry_run:
            stages.next("done")
        else:
            sessions = get_sessions()
            actor = ensure_principal(sessions, author, "author")
            stages.next("storing the file")
            result = interchange.import_bank(
                sessions=sessions,
                store=get_store(),
                settings=settings,
                actor=actor,
                data=data,
                filename=path.name,
                file_format=chosen,
                progress=stages.note,
                plan=plan,
            )
            stages.next("done")
    if dry_run:
        _show_plan(plan)
        return
    _show_notes(result.notes)
    err_console.print(
        Text(
            f"Imported {plan.question_count} question(s) into {len(result.scenarios)} "
            f"scenario(s); file kept as document {result.document_id}."
        ),
        soft_wrap=True,
    )
    for created in result.scenarios:
        typer.echo(created.id)


def _show_plan(plan: ImportPlan) -> None:
    from rich.table import Table

    for scenario in plan.scenarios:
        console.rule(Text(scenario.title, style="bold"))
        table = Table("#", "question", "choices (✓ correct)", "kind", "source")
        for number, question in enumerate(scenario.questions, start=1):
            checked = question.checked
            choices = Text()
            for index, choice in enumerate(checked.choices):
                choices.append(("\n" if index else "") + f"{choice.label}) ", style="bold")
                choices.append(excerpt(choice.body, 40))
                if choice.is_correct:
                    choices.append(" ✓", style="bold green")
            kind = "free text"
            if checked.is_multiple_choice:
                kind = "multi" if checked.multi_select else "single"
            prompt = Text(excerpt(checked.prompt_text, 70))
            table.add_row(str(number), prompt, choices, kind, question.source)
        console.print(table)
    _show_notes(plan.notes, console)
    console.print(
        f"{plan.question_count} question(s) in {len(plan.scenarios)} scenario(s), "
        f"{len(plan.notes)} note(s). Dry run: nothing was saved.",
        highlight=False,
    )


def _show_notes(notes: tuple[Note, ...], target: object = err_console) -> None:
    from rich.console import Console

    assert isinstance(target, Console)
    for note in notes:
        target.print(
            Text.assemble(("note: ", "yellow"), f"{note.item}: {note.message}"), soft_wrap=True
        )


def export(
    export_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="txt or pdf (documents), or gift, aiken, moodle-xml, qti3 (question banks).",
        ),
    ],
    output: Annotated[
        str,
        typer.Option("--output", "-o", metavar="FILE", help="The file to write; - for stdout."),
    ],
    scenario: Annotated[
        str | None,
        typer.Argument(metavar="SCENARIO", help=f"{SCENARIO_HELP} Leave out with --bank."),
    ] = None,
    answers: Annotated[
        bool,
        typer.Option("--answers", help="txt/pdf: include answers (banks always hold them)."),
    ] = False,
    bank: Annotated[
        bool,
        typer.Option("--bank", help="Export every scenario of the --as author as one file."),
    ] = False,
    author: Annotated[
        str,
        typer.Option("--as", metavar="EMAIL", help="With --bank: whose scenarios to export."),
    ] = DEMO_AUTHOR_EMAIL,
) -> None:
    """Export a scenario's draft (or with --bank, an author's every scenario) as a file.

    GIFT, Aiken and Moodle XML keep the questions in order, not the flow; QTI 3 keeps links as
    branch rules where it can. What a format cannot keep is listed per question.
    """
    if export_format in {ExportFormat.TXT, ExportFormat.PDF}:
        documents.export(
            documents.FormatChoice(export_format.value),
            output,
            scenario,
            answers=answers,
            bank=bank,
            author=author,
        )
        return
    from quizflow.cli.runtime import get_sessions, get_store
    from quizflow.cli.targets import local_admin, principal_of, resolve_scenario
    from quizflow.services import interchange_export, users

    if bank == (scenario is not None):
        raise InvalidInputError("give the SCENARIO to export, or --bank for all of an author's")
    chosen: Format = export_format.value  # type: ignore[assignment]
    sessions, store = get_sessions(), get_store()
    if scenario is None:
        owner = principal_of(users.find_user(sessions=sessions, email=author))
        written = interchange_export.export_author_bank(
            sessions=sessions, store=store, actor=owner, file_format=chosen
        )
    else:
        written = interchange_export.export_scenario_bank(
            sessions=sessions,
            store=store,
            actor=local_admin(sessions),
            scenario_id=resolve_scenario(sessions, scenario),
            file_format=chosen,
        )
    _show_notes(written.notes)
    if output == "-":
        import sys

        sys.stdout.buffer.write(written.data)
        sys.stdout.buffer.flush()
        return
    size = documents.write_file(iter([written.data]), Path(output).expanduser())
    console.print(Text(f"Wrote {written.filename} ({size:,} bytes) to {output}"))
