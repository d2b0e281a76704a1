"""bank → write → read == bank, for everything each format can hold."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from quizflow.interchange.aiken import read_aiken, write_aiken
from quizflow.interchange.gift import read_gift, write_gift
from quizflow.interchange.model import Bank, BankChoice, BankQuestion, BankScenario, letter
from quizflow.interchange.moodle_xml import read_moodle_xml, write_moodle_xml
from quizflow.interchange.qti import read_qti, write_qti
from tests.unit.interchange.strategies import BLOCKS, INLINE, TITLE, WORDS, banks


@settings(max_examples=150, deadline=None)
@given(banks(kinds=("single", "multiple", "text")))
def test_gift_round_trip_keeps_texts_names_credit_and_feedback(bank: Bank) -> None:
    written = write_gift(bank)

    assert read_gift(written.data).scenarios == bank.scenarios
    assert written.notes == ()  # nothing lost: the bank holds only what GIFT can


LINE = (
    st.lists(WORDS, min_size=1, max_size=5)
    .map(" ".join)
    .map(lambda t: html.escape(t + " & <ok>", quote=False))
)


@st.composite
def aiken_banks(draw: st.DrawFn) -> tuple[str, Bank]:
    title = draw(WORDS)
    made = []
    for n in range(draw(st.integers(1, 5))):
        count = draw(st.integers(2, 26))
        right = draw(st.integers(0, count - 1))
        made.append(
            BankQuestion(
                id=f"q{n + 1}",
                kind="single",
                prompt_html=draw(LINE),
                choices=tuple(
                    BankChoice(letter(i), draw(LINE), 1.0 if i == right else 0.0)
                    for i in range(count)
                ),
            )
        )
    return title, Bank((BankScenario(title, tuple(made)),))


@settings(max_examples=150, deadline=None)
@given(aiken_banks())
def test_aiken_round_trip_keeps_stems_options_and_the_answer(case: tuple[str, Bank]) -> None:
    title, bank = case
    written = write_aiken(bank)

    assert read_aiken(written.data, name=f"{title}.txt").scenarios == bank.scenarios
    assert written.notes == ()


@settings(max_examples=150, deadline=None)
@given(banks(points=True, shuffle=True, context=True, files=True))
def test_moodle_xml_round_trip_keeps_points_shuffle_context_and_files(bank: Bank) -> None:
    written = write_moodle_xml(bank)
    read = read_moodle_xml(written.data)

    assert read.scenarios == bank.scenarios
    assert read.files == bank.files
    assert written.notes == ()


QTI_BANKS = banks(
    body=INLINE,
    blocks=BLOCKS,
    names=True,
    points=True,
    shuffle=True,
    context=True,
    branching=True,
    files=True,
)


@settings(max_examples=100, deadline=None)
@given(QTI_BANKS)
def test_qti_round_trip_keeps_everything_including_the_flow(bank: Bank) -> None:
    written = write_qti(bank)
    read = read_qti(written.data)

    assert read.scenarios == bank.scenarios
    assert read.files == bank.files
    assert written.notes == ()
    assert read.notes == ()


@given(TITLE)
def test_titles_survive_as_categories(title: str) -> None:
    bank = Bank((BankScenario(title, (BankQuestion("q1", "text", "Why?"),)),))
    assert read_gift(write_gift(bank).data).scenarios[0].title == title
    assert read_moodle_xml(write_moodle_xml(bank).data).scenarios[0].title == title
