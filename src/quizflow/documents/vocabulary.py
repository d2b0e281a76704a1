"""The words quiz documents are written with, per language: one table to extend.

To teach the importer a language, add its words to each table below (lower case; the patterns
ignore case) and a test in tests/unit/test_vocabulary.py. The patterns in extract_patterns.py
are built from these tables as alternations of literal words, so they stay linear whatever a
document holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

#: Words before a question's number: "Question 3", "Câu 3:", "Вопрос 3.", "Soal 3".
QUESTION_WORDS: Mapping[str, tuple[str, ...]] = {
    # ("Q3:" has a rule of its own: a lone "q" needs its number and punctuation.)
    "en": ("question",),
    "vi": ("câu hỏi", "câu"),
    "pt": ("questão", "questao", "pergunta"),
    "es": ("pregunta", "ejercicio"),
    "fr": ("question", "exercice"),
    "it": ("domanda", "quesito"),
    "de": ("frage", "aufgabe"),
    "ru": ("вопрос", "задание"),
    "kk": ("сұрақ",),
    "et": ("küsimus",),
    "id": ("soal", "pertanyaan"),
    "tr": ("soru",),
    "ar": ("سؤال", "السؤال"),
    "zh": ("题目", "问题", "试题"),
}

#: Words that introduce the correct answer(s): "Answer: B", "Đáp án: C", "答案：ABC".
ANSWER_WORDS: Mapping[str, tuple[str, ...]] = {
    "en": ("correct answers", "correct answer", "correct choices", "correct choice", "correct",
           "answers", "answer key", "answer", "solutions", "solution", "key", "ans"),
    "vi": ("đáp án đúng", "đáp án", "câu trả lời đúng", "trả lời"),
    "pt": ("resposta correta", "respostas corretas", "resposta", "gabarito"),
    "es": ("respuesta correcta", "respuestas correctas", "respuesta", "solución"),
    "fr": ("bonne réponse", "bonnes réponses", "réponse correcte", "réponses", "réponse"),
    "it": ("risposta corretta", "risposte corrette", "risposta", "soluzione"),
    "de": ("richtige antwort", "richtige antworten", "antwort", "lösung"),
    "ru": ("правильный ответ", "правильные ответы", "ответ", "ответы"),
    "kk": ("дұрыс жауап", "жауабы", "жауап"),
    "et": ("õige vastus", "vastus"),
    "id": ("kunci jawaban", "jawaban"),
    "tr": ("doğru cevap", "cevap", "yanıt"),
    "ar": ("الإجابة الصحيحة", "الإجابة", "الجواب"),
    "zh": ("参考答案", "正确答案", "标准答案", "答案"),
}  # fmt: skip

#: Words that introduce an explanation: "Explanation:", "Giải thích:", "解析：".
EXPLANATION_WORDS: Mapping[str, tuple[str, ...]] = {
    "en": ("explanation", "rationale", "why", "reasoning"),
    "vi": ("giải thích", "lời giải", "hướng dẫn giải"),
    "pt": ("explicação", "justificativa", "comentário"),
    "es": ("explicación", "justificación"),
    "fr": ("explication", "justification"),
    "it": ("spiegazione", "motivazione"),
    "de": ("erklärung", "begründung"),
    "ru": ("объяснение", "пояснение", "решение"),
    "kk": ("түсіндірме",),
    "et": ("selgitus",),
    "id": ("penjelasan", "pembahasan"),
    "tr": ("açıklama",),
    "ar": ("الشرح", "التفسير"),
    "zh": ("解析", "解释", "分析"),
}

#: Feedback under one choice: "Feedback:", "Phản hồi:".
FEEDBACK_WORDS: Mapping[str, tuple[str, ...]] = {
    "en": ("feedback",),
    "vi": ("phản hồi",),
    "pt": ("feedback", "retorno"),
    "es": ("retroalimentación",),
    "fr": ("rétroaction", "commentaire"),
    "de": ("rückmeldung",),
    "ru": ("отзыв",),
    "zh": ("反馈",),
}

#: A heading over an answer key at the end: "Answer key", "ĐÁP ÁN", "参考答案".
KEY_HEADINGS: Mapping[str, tuple[str, ...]] = {
    "en": ("answer key", "answers", "answer", "key", "solutions", "solution", "answer sheet",
           "correct answers"),
    "vi": ("đáp án", "bảng đáp án"),
    "pt": ("gabarito", "respostas"),
    "es": ("respuestas", "clave de respuestas", "solucionario"),
    "fr": ("corrigé", "réponses", "solutions"),
    "it": ("risposte", "soluzioni", "chiave"),
    "de": ("lösungen", "antworten", "lösungsschlüssel"),
    "ru": ("ответы", "ключ", "ключи"),
    "kk": ("жауаптар",),
    "id": ("kunci jawaban",),
    "tr": ("cevap anahtarı", "cevaplar"),
    "ar": ("الإجابات", "مفتاح الإجابة"),
    "zh": ("参考答案", "答案"),
}  # fmt: skip

#: True and false, as offered as choices or written in a stem "(True / False)".
TRUE_FALSE: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("true", "t"), ("false", "f")),
    "vi": (("đúng",), ("sai",)),
    "pt": (("verdadeiro", "v"), ("falso", "f")),
    "es": (("verdadero", "v"), ("falso", "f")),
    "fr": (("vrai",), ("faux",)),
    "it": (("vero",), ("falso",)),
    "de": (("richtig", "wahr"), ("falsch",)),
    "ru": (("верно", "правда"), ("неверно", "ложь")),
    "kk": (("дұрыс",), ("бұрыс",)),
    "et": (("õige", "tõene"), ("vale", "väär")),
    "id": (("benar",), ("salah",)),
    "tr": (("doğru",), ("yanlış",)),
    "ar": (("صح", "صحيح"), ("خطأ",)),
    "zh": (("正确", "对"), ("错误", "错")),
}

#: Choice letters of other alphabets, in order: the n-th is stored as the n-th Latin letter.
ALPHABETS: Mapping[str, str] = {
    "ru": "абвгдежзиклмн",
    "el": "αβγδεζηθικλμν",
}

#: Full-width and other punctuation, and what it stands for.
COLONS = ":：﹕"
PERIODS = ".．。、"
CLOSE_PARENS = ")）"
OPEN_PARENS = "(（"


def words(table: Mapping[str, Iterable[str]]) -> tuple[str, ...]:
    """Every word of a table, longest first (so "correct answer" wins over "correct")."""
    found = {word for entries in table.values() for word in entries}
    return tuple(sorted(found, key=lambda word: (-len(word), word)))


def alternation(table: Mapping[str, Iterable[str]]) -> str:
    """A regex alternation of a table's words (literal, escaped; spaces match any spacing)."""
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words(table))


def true_false_words() -> tuple[frozenset[str], frozenset[str]]:
    """All the words for true and for false, folded."""
    true = frozenset(w for pair in TRUE_FALSE.values() for w in pair[0] if len(w) > 1)
    false = frozenset(w for pair in TRUE_FALSE.values() for w in pair[1] if len(w) > 1)
    return true, false


def latin_letter(letter: str) -> str | None:
    """The Latin letter a choice letter of another alphabet stands for ("б" → "B")."""
    folded = letter.casefold()
    for alphabet in ALPHABETS.values():
        index = alphabet.find(folded)
        if index >= 0:
            return chr(ord("A") + index)
    return None


def other_letters() -> str:
    """The letters of ALPHABETS, both cases, for a character class."""
    letters = "".join(ALPHABETS.values())
    return letters + letters.upper()
