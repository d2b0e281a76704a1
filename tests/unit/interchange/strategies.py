"""Hypothesis strategies: banks holding exactly what each format can hold."""

from __future__ import annotations

import hashlib
import html

from hypothesis import strategies as st

from quizflow.flow.conditions import (
    And,
    AnswerHas,
    AnswerIn,
    AnswerIs,
    AnswerIsNot,
    AnswerSetIs,
    Correctness,
    Default,
    Expr,
    Or,
    TextContains,
    format_condition,
)
from quizflow.interchange.model import (
    Bank,
    BankChoice,
    BankFile,
    BankQuestion,
    BankRule,
    BankScenario,
    letter,
)

FRACTIONS = (0.5, 0.3333333, 0.25, 0.1, 0.0, -0.5, -1.0, -0.3333333, 1.0)
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÄéß0123456789", min_size=1, max_size=8)
# Text a person types, with every GIFT special character and HTML-ish bits in it.
RAW = st.text(
    alphabet=st.sampled_from(list("abcXYZ 019~=#{}:\\/[]%->&<\"'é\n\t!?.,")),
    min_size=1,
    max_size=30,
)
TITLE = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)
PNG = b"\x89PNG\r\n\x1a\n" + b"quizflow"
PNG_KEY = f"objects/{hashlib.sha256(PNG).hexdigest()[:2]}/{hashlib.sha256(PNG).hexdigest()}.png"


def stripped(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return strategy.map(str.strip).filter(bool)


HTMLISH = stripped(RAW)  # GIFT and Moodle XML carry any text as HTML verbatim
INLINE = st.lists(
    st.one_of(
        WORDS.map(lambda w: html.escape(w + " & <x>", quote=False)),
        WORDS.map(lambda w: f"<b>{w}</b>"),
        WORDS.map(lambda w: f"<i>{w}</i>"),
        st.just("<br>"),
    ),
    min_size=1,
    max_size=4,
).map(" ".join)
BLOCKS = st.lists(INLINE.map(lambda t: f"<p>{t}</p>"), min_size=1, max_size=3).map("".join)


@st.composite
def choices(
    draw: st.DrawFn, kind: str, body: st.SearchStrategy[str], feedback: bool
) -> tuple[BankChoice, ...]:
    count = draw(st.integers(2, 5))
    if kind == "single":
        right = draw(st.integers(0, count - 1))
        credits = [
            1.0 if i == right else draw(st.sampled_from(FRACTIONS[:-1])) for i in range(count)
        ]
    else:
        credits = [draw(st.sampled_from(FRACTIONS)) for _ in range(count)]
    notes = st.none() | body if feedback else st.none()
    return tuple(BankChoice(letter(i), draw(body), credits[i], draw(notes)) for i in range(count))


@st.composite
def questions(
    draw: st.DrawFn,
    qid: str,
    *,
    body: st.SearchStrategy[str],
    blocks: st.SearchStrategy[str],
    kinds: tuple[str, ...],
    names: bool,
    points: bool,
    shuffle: bool,
    feedback: bool,
) -> BankQuestion:
    kind = draw(st.sampled_from(kinds))
    return BankQuestion(
        id=qid,
        kind=kind,  # type: ignore[arg-type]
        prompt_html=draw(body),
        choices=() if kind == "text" else draw(choices(kind, body, feedback)),
        points=draw(st.integers(1, 1000)) if points else 1,
        name=draw(st.none() | TITLE.map(lambda t: f"N {t}")) if names else None,
        general_feedback_html=draw(st.none() | blocks) if feedback else None,
        shuffle=draw(st.booleans()) if shuffle and kind != "text" else False,
    )


def _condition(draw: st.DrawFn, question: BankQuestion) -> str:
    labels = [c.label for c in question.choices]
    if question.kind == "text":
        return format_condition(TextContains(draw(WORDS)))
    some = st.lists(st.sampled_from(labels), min_size=2, unique=True).map(frozenset)
    atoms: list[st.SearchStrategy[Expr]] = [
        st.sampled_from(labels).map(AnswerIs),
        st.builds(Correctness, st.booleans()),
        some.map(AnswerIn),
    ]
    if question.kind == "single":
        atoms.append(st.sampled_from(labels).map(AnswerIsNot))
    else:
        atoms += [st.sampled_from(labels).map(AnswerHas), some.map(AnswerSetIs)]
    atom = st.one_of(atoms)
    expression = st.one_of(atom, st.builds(And, atom, atom), st.builds(Or, atom, atom))
    return format_condition(draw(expression))


@st.composite
def rules(draw: st.DrawFn, scenario: BankScenario) -> BankScenario:
    """Forward links ending with a default, as QTI branch rules hold them."""
    ids = [q.id for q in scenario.questions]
    linked = []
    for index, question in enumerate(scenario.questions):
        forward = st.sampled_from([*ids[index + 1 :], None])
        if not draw(st.booleans()):
            linked.append(question)
            continue
        found = [
            BankRule(_condition(draw, question), draw(forward))
            for _ in range(draw(st.integers(0, 2)))
        ]
        found.append(BankRule(format_condition(Default()), draw(forward)))
        linked.append(BankQuestion(**{**_fields(question), "rules": tuple(found)}))
    return BankScenario(scenario.title, tuple(linked), scenario.context_html)


def _fields(question: BankQuestion) -> dict[str, object]:
    return {name: getattr(question, name) for name in BankQuestion.__dataclass_fields__}


@st.composite
def banks(
    draw: st.DrawFn,
    *,
    body: st.SearchStrategy[str] = HTMLISH,
    blocks: st.SearchStrategy[str] | None = None,
    kinds: tuple[str, ...] = ("single", "multiple", "text"),
    names: bool = True,
    points: bool = False,
    shuffle: bool = False,
    feedback: bool = True,
    context: bool = False,
    branching: bool = False,
    files: bool = False,
    max_scenarios: int = 3,
) -> Bank:
    scenarios = []
    number = 0
    for _ in range(draw(st.integers(1, max_scenarios))):
        count = draw(st.integers(1, 4))
        made = tuple(
            draw(
                questions(
                    f"q{number + n + 1}",
                    body=body,
                    blocks=body if blocks is None else blocks,
                    kinds=kinds,
                    names=names,
                    points=points,
                    shuffle=shuffle,
                    feedback=feedback,
                )
            )
            for n in range(count)
        )
        number += count
        scenario = BankScenario(
            draw(TITLE),
            made,
            draw(st.just("") | (body if blocks is None else blocks)) if context else "",
        )
        scenarios.append(draw(rules(scenario)) if branching else scenario)
    stored: tuple[BankFile, ...] = ()
    if files and draw(st.booleans()):
        first = scenarios[0].questions[0]
        image = BankQuestion(
            **{**_fields(first), "prompt_html": f'{first.prompt_html}<img src="{PNG_KEY}" alt="">'}
        )
        scenarios[0] = BankScenario(
            scenarios[0].title, (image, *scenarios[0].questions[1:]), scenarios[0].context_html
        )
        stored = (BankFile(PNG_KEY, "image/png", PNG),)
    return Bank(tuple(scenarios), stored)
