"""`quizflow play`: play a scenario in the terminal, one question at a time.

Every answer goes through the same service as the API and is committed as it is given, so
quitting (or losing the terminal) never loses progress: the next `play` resumes.
"""

from __future__ import annotations

import re
import shlex
import sys
import uuid
from typing import TYPE_CHECKING, Annotated, Final

import typer
from rich.prompt import Prompt
from rich.table import Table
from rich.text import Text

from quizflow.cli.runtime import console, get_sessions
from quizflow.cli.targets import (
    DEMO_LEARNER_EMAIL,
    SCENARIO_HELP,
    ensure_principal,
    resolve_scenario,
)
from quizflow.documents.sanitize import html_to_text
from quizflow.errors import InvalidInputError

if TYPE_CHECKING:  # imported when a game starts: `--help` needs none of it
    from sqlalchemy.orm import Session, sessionmaker

    from quizflow.auth import Principal
    from quizflow.services.answers import AnswerResult
    from quizflow.services.attempts import AttemptState, QuestionView
    from quizflow.services.xapi_statements import XapiSource

QUIT: Final = "q"
_LABEL_SEPARATORS: Final = re.compile(r"[,;\s]+")


def play(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)],
    player: Annotated[
        str,
        typer.Option(
            "--as",
            metavar="EMAIL",
            help="Who plays (an account created as a learner if missing).",
        ),
    ] = DEMO_LEARNER_EMAIL,
    restart: Annotated[
        bool,
        typer.Option(
            "--restart",
            help="Abandon the attempt in progress (its answers are kept) and start again.",
        ),
    ] = False,
) -> None:
    """Play a published scenario in the terminal; `q` quits, and the next run resumes there.

    Answer with a letter (b), letters for select-all questions (a,c), or a sentence.
    """
    from quizflow.services import answers, attempts

    sessions = get_sessions()
    scenario_id = resolve_scenario(sessions, scenario)
    actor = ensure_principal(sessions, player, "learner")
    state, started = attempts.start_attempt(
        sessions=sessions,
        actor=actor,
        scenario_id=scenario_id,
        restart=restart,
        xapi=_xapi_source(),
    )
    _show_intro(state, started=started)
    seen: dict[uuid.UUID, QuestionView] = {}
    question = state.current_question
    score = state.score
    while question is not None:
        seen[question.id] = question
        _show_question(question)
        result = _ask_until_accepted(sessions, actor, state.id, question)
        if result is None:
            again = f"quizflow play {scenario_id}"
            if player != DEMO_LEARNER_EMAIL:
                again += f" --as {shlex.quote(player)}"
            console.print(
                f"\nProgress saved at question {question.number} of {question.total}; "
                f"continue with: {again}",
                highlight=False,
                soft_wrap=True,
                markup=False,
            )
            return
        _show_result(result)
        question = result.next_question
        score = result.total_score
    _show_summary(
        answers.attempt_history(sessions=sessions, actor=actor, attempt_id=state.id),
        score=score,
        seen=seen,
    )


def _show_intro(state: AttemptState, *, started: bool) -> None:
    console.rule(Text(state.title, style="bold"))
    context = html_to_text(state.context_html)
    if context:
        console.print(Text(context))
    console.print()
    if started:
        console.print(f"Attempt {state.attempt} started.", highlight=False)
    else:
        console.print(
            f"Resuming attempt {state.attempt} (score so far: {state.score}); "
            "use --restart to start over.",
            highlight=False,
        )
    console.print(
        "Answer with a choice's letter (b), letters separated by commas when several apply "
        "(a,c), or a sentence for written questions; q quits and you can resume later.",
        style="dim",
        highlight=False,
    )


def _show_question(question: QuestionView) -> None:
    console.print()
    console.rule(f"Question {question.number} of {question.total}")
    console.print(Text(html_to_text(question.prompt_html)))
    if not question.is_multiple_choice:
        console.print("(answer in your own words)", style="dim", highlight=False)
        return
    for choice in question.choices:
        console.print(Text.assemble((f"  {choice.label}) ", "bold"), choice.body))
    hint = "select all that apply, e.g. a,c" if question.multi_select else "choose one"
    console.print(f"({hint}; {_points(question.points)})", style="dim", highlight=False)


def _ask_until_accepted(
    sessions: sessionmaker[Session],
    actor: Principal,
    attempt_id: uuid.UUID,
    question: QuestionView,
) -> AnswerResult | None:
    """The accepted answer's result, asking again after each refusal; None when the player quits."""
    from quizflow.services import answers

    while True:
        try:
            entry = Prompt.ask("Your answer", console=console).strip()
        except EOFError:  # input closed: the same as quitting
            console.print()
            return None
        if not sys.stdin.isatty():
            # Piped answers are not echoed by a terminal: show them, so the transcript reads.
            console.print(Text(entry))
        if entry.lower() == QUIT:
            return None
        if not entry:
            console.print("Type an answer, or q to quit.", style="yellow", highlight=False)
            continue
        if question.is_multiple_choice:
            labels = [label.upper() for label in _LABEL_SEPARATORS.split(entry) if label]
            text = None
        else:
            labels, text = [], entry
        try:
            return answers.submit_answer(
                sessions=sessions,
                actor=actor,
                attempt_id=attempt_id,
                question_id=question.id,
                labels=labels,
                text=text,
                # A fresh key per answer: nothing is retried, so no two answers share one.
                idempotency_key=str(uuid.uuid4()),
                xapi=_xapi_source(),
            )
        except InvalidInputError as exc:
            console.print(Text(f"{exc.message}; try again.", style="red"))


def _show_result(result: AnswerResult) -> None:
    if result.is_correct is True:
        console.print("Correct!", style="bold green")
    elif result.is_correct is False:
        console.print("Incorrect.", style="bold red")
    else:
        console.print("Answer recorded.", style="bold")
    for chosen in result.chosen:
        if chosen.feedback:
            console.print(Text.assemble((f"  {chosen.label}) ", "bold"), chosen.feedback))
    if result.explanation:
        explanation = html_to_text(result.explanation)
        console.print(Text.assemble(("Explanation: ", "bold"), explanation))
    console.print(f"Points: +{result.score_awarded} (total {result.total_score})", highlight=False)


def _show_summary(
    history: list[AnswerResult], *, score: int, seen: dict[uuid.UUID, QuestionView]
) -> None:
    # An answer's question is the one the previous answer led to; the first one of a resumed
    # attempt may not have been shown in this run.
    views = dict(seen)
    views.update({h.next_question.id: h.next_question for h in history if h.next_question})
    console.print()
    console.rule("Finished")
    console.print(Text(f"Final score: {_points(score)}", style="bold"))
    table = Table("#", "question", "answer", "result", "points", title="The path you took")
    for step, entry in enumerate(history, start=1):
        view = views.get(entry.question_id)
        table.add_row(
            str(step),
            Text(_question_title(view)),
            Text(_answer_text(entry)),
            {True: "correct", False: "incorrect", None: "recorded"}[entry.is_correct],
            f"+{entry.score_awarded}",
        )
    console.print(table)
    path = [_question_title(views.get(h.question_id), short=True) for h in history]
    console.print(Text("Path: " + " → ".join([*path, "end"])))


def _question_title(view: QuestionView | None, *, short: bool = False) -> str:
    if view is None:
        return "first question"
    if short:
        return f"Q{view.number}"
    prompt = html_to_text(view.prompt_html).replace("\n", " ")
    if len(prompt) > 60:
        prompt = prompt[:57] + "…"
    return f"Q{view.number}: {prompt}"


def _answer_text(entry: AnswerResult) -> str:
    if entry.text is not None:
        return entry.text if len(entry.text) <= 60 else entry.text[:57] + "…"
    return ", ".join(chosen.label for chosen in entry.chosen)


def _points(count: int) -> str:
    return f"{count} point{'' if count == 1 else 's'}"


def _xapi_source() -> XapiSource | None:
    from quizflow.services.xapi_delivery import xapi_source
    from quizflow.settings import get_settings

    return xapi_source(get_settings())
