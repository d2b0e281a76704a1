"""What `quizflow import --dry-run` prints: the questions found, their choices and sources,
the warnings and what nothing used; with --scenario-per-tab, the same for each tab."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from quizflow.cli.runtime import console

if TYPE_CHECKING:
    from quizflow.documents.extract import Extraction
    from quizflow.documents.tabs import TabExtraction


def excerpt(text: str, length: int, *, keep_lines: bool = False) -> str:
    if keep_lines:
        lines = (" ".join(line.split()) for line in text.splitlines())
        flat = "\n".join(line for line in lines if line)
    else:
        flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def show_preview(extraction: Extraction) -> None:
    console.rule(Text(extraction.title or "(no title)", style="bold"))
    _show_extraction(extraction)
    console.print(
        f"{len(extraction.questions)} question(s), {len(extraction.warnings)} warning(s). "
        "Dry run: nothing was saved.",
        highlight=False,
    )


def show_tabs_preview(tabs: list[TabExtraction]) -> None:
    """Each tab under the title of the scenario it becomes (or why it becomes none)."""
    made = [tab for tab in tabs if tab.extraction.questions]
    for tab in tabs:
        console.rule(Text.assemble((tab.label, "bold"), " → ", repr(tab.scenario_title)))
        if tab.extraction.questions:
            _show_extraction(tab.extraction)
        else:
            console.print(Text("No questions: this tab makes no scenario.", style="dim"))
            show_warnings(tab.extraction, console)
    questions = sum(len(tab.extraction.questions) for tab in made)
    warnings = sum(len(tab.extraction.warnings) for tab in tabs)
    console.print(
        f"{len(made)} scenario(s) from {len(tabs)} tab(s), {questions} question(s), "
        f"{warnings} warning(s). Dry run: nothing was saved.",
        highlight=False,
    )


def _show_extraction(extraction: Extraction) -> None:
    if extraction.context_text:
        console.print(Text(excerpt(extraction.context_text, 300, keep_lines=True)))
    table = Table("#", "question", "choices (✓ correct)", "kind", "source", show_lines=True)
    for question in extraction.questions:
        choices = Text()
        for index, choice in enumerate(question.choices):
            if index:
                choices.append("\n")
            choices.append(f"{choice.label}) ", style="bold")
            choices.append(excerpt(choice.body_text, 50))
            if choice.is_correct:
                choices.append(" ✓", style="bold green")
        if not question.is_multiple_choice:
            kind = "free text"
        else:
            kind = "multi" if question.multi_select else "single"
        table.add_row(
            str(question.number),
            Text(excerpt(question.prompt_text, 80)),
            choices,
            kind,
            question.source,
        )
    console.print(table)
    show_warnings(extraction, console)
    if extraction.orphans:
        console.print(Text(f"Not used: {', '.join(extraction.orphans)}", style="dim"))


def show_warnings(extraction: Extraction, target: Console) -> None:
    for warning in extraction.warnings:
        target.print(
            Text.assemble(("warning: ", "yellow"), f"{warning.message} ({warning.source})"),
            soft_wrap=True,
        )
