"""Each language of documents/vocabulary.py, on a plain-text bank written as its teachers do."""

from __future__ import annotations

import pytest

from quizflow.documents.extract import extract_questions
from quizflow.documents.extract_patterns import EXPLANATION, KEY_HEADER
from quizflow.documents.importers import import_document


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("vi", "Câu 1: Thủ đô?\nA. Huế\nB. Hà Nội\nĐáp án: B\nGiải thích: vì vậy"),
        ("zh", "第1题 首都？\nA．上海\nB．北京\n答案：B\n解析：因为"),
        ("ru", "Вопрос 1. Столица?\nа) Казань\nб) Москва\nОтвет: б\nОбъяснение: так"),
        ("es", "Pregunta 1: ¿Capital?\nA) Sevilla\nB) Madrid\nRespuesta: B\nExplicación: así"),
        ("de", "Frage 1: Hauptstadt?\nA) Bonn\nB) Berlin\nAntwort: B\nErklärung: so"),
        ("pt", "Questão 1: Capital?\nA) Rio\nB) Brasília\nResposta: B\nExplicação: assim"),
        ("fr", "Question 1 : Capitale ?\nA) Lyon\nB) Paris\nRéponse : B\nExplication : ainsi"),
        ("id", "Soal 1. Ibu kota?\nA. Bandung\nB. Jakarta\nJawaban: B\nPembahasan: karena"),
        ("tr", "Soru 1: Başkent?\nA) İstanbul\nB) Ankara\nCevap: B\nAçıklama: çünkü"),
        ("el", "Question 1: Capital?\nα) Patras\nβ) Athens\nAnswer: β\nExplanation: so"),
    ],
)
def test_question_answer_and_explanation_words_of_each_language(language: str, text: str) -> None:
    extraction = extract_questions(import_document(text.encode(), filename=f"{language}.txt"))
    (question,) = extraction.questions
    assert [(c.label, c.is_correct) for c in question.choices] == [("A", False), ("B", True)]
    assert question.explanation is not None
    assert not extraction.warnings


@pytest.mark.parametrize("heading", ["ĐÁP ÁN", "参考答案", "Gabarito", "Ответы", "Lösungen"])
def test_answer_key_headings(heading: str) -> None:
    assert KEY_HEADER.match(heading)


def test_explanation_words_need_their_colon() -> None:
    assert EXPLANATION.match("解析：因为") and not EXPLANATION.match("解析几何是数学")


def test_several_choices_on_one_line() -> None:
    text = "1. Capital?\nA. Lyon   B. Paris   C. Nice   D. Metz\nAnswer: B"
    (question,) = extract_questions(import_document(text.encode(), filename="q.txt")).questions
    assert [(c.body_text, c.is_correct) for c in question.choices] == [
        ("Lyon", False), ("Paris", True), ("Nice", False), ("Metz", False)
    ]  # fmt: skip


def test_patterns_stay_linear_on_hostile_lines() -> None:
    import time

    from quizflow.documents.extract_patterns import (  # fmt: skip
        ANSWER,
        CHOICE,
        QUESTION_PREFIXED,
        inline_answer_start,
        inline_choice_starts,
    )

    hostile = ["Câu " * 20_000, "答案" * 20_000 + "：", "A. " * 20_000, " " * 50_000 + "x"]
    start = time.perf_counter()
    for line in hostile:
        for pattern in (ANSWER, CHOICE, QUESTION_PREFIXED):
            pattern.match(line)
        inline_answer_start(line)
        inline_choice_starts(line)
    assert time.perf_counter() - start < 2


def test_the_layout_patterns_stay_linear_on_hostile_lines() -> None:
    import time

    from quizflow.documents.extract_patterns import INLINE_TRUE_FALSE, grid_entries

    hostile = [
        "(True " * 20_000,
        "( " + " " * 50_000 + "True /",
        "1C " * 20_000 + "x",
        "1 " * 30_000 + "Z",
        "(" * 50_000,
    ]
    start = time.perf_counter()
    for line in hostile:
        INLINE_TRUE_FALSE.search(line)
        grid_entries(line)
    assert time.perf_counter() - start < 2
