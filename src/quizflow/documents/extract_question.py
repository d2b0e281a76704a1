"""One question out of its draft: prompt, choices, correct answers, explanation."""

from __future__ import annotations

from dataclasses import replace

from quizflow.documents.extract_answers import AnswerReading
from quizflow.documents.extract_base import blocks_html
from quizflow.documents.extract_choices import ChoiceReading
from quizflow.documents.extract_model import ExtractedChoice, ExtractedQuestion
from quizflow.documents.extract_patterns import prompt_leaks
from quizflow.documents.html_cuts import (
    has_content,
)
from quizflow.documents.sanitize import html_to_text, sanitize_html


class QuestionAssembly(ChoiceReading, AnswerReading):
    """One question from its draft and its answer-key entry."""

    def build(self) -> ExtractedQuestion:
        draft = self.draft
        lines = draft.lines
        split = next((i for i, ln in enumerate(lines) if ln.kind == "explanation"), len(lines))
        for i in range(split, len(lines)):
            if lines[i].kind != "answer":
                self._explain(i, lines[i].block, lines[i].html if i == split else None)
        before = [(i, ln) for i, ln in enumerate(lines[:split]) if ln.kind != "answer"]
        prompt_lines, groups = self._split(before)
        choices = self._choices(groups)
        if choices and (reason := self._not_choices(prompt_lines, groups, choices)):
            self.warn(f"{reason}; it was kept as a free-text question", draft.start.source)
            for group in groups:
                for line in (group.line, *group.extra):
                    self._explain(len(lines) + len(self._explanation), line.block)
            choices = []
        if len(choices) == 1:
            self.warn("a multiple-choice question needs at least two choices", choices[0].source)
        correct = self._correct(choices) if choices else set()
        if not choices:
            self._free_text_answers()
        prompt_blocks = [line.block for line in prompt_lines]
        if has_content(draft.prompt_html):
            prompt_blocks.insert(0, replace(draft.start, html=draft.prompt_html))
        prompt_html = blocks_html(prompt_blocks)
        if not has_content(prompt_html):
            self.warn("the prompt is empty", draft.start.source)
        elif not choices and (leak := prompt_leaks(html_to_text(prompt_html))):
            self.warn(
                f"the prompt of this free-text question still shows {leak}, which learners "
                "would see; check how it is written",
                draft.start.source,
            )
        extracted = tuple(
            ExtractedChoice(
                label=choice.label,
                body_html=(body := sanitize_html(choice.html)),
                body_text=html_to_text(body),
                is_correct=index in correct,
                feedback=choice.feedback,
                source=choice.source,
            )
            for index, choice in enumerate(choices)
        )
        explanation = blocks_html(
            [block for _, block in sorted(self._explanation, key=lambda p: p[0])]
        )
        return ExtractedQuestion(
            number=draft.number,
            prompt_html=prompt_html,
            prompt_text=html_to_text(prompt_html),
            choices=extracted,
            explanation=explanation if has_content(explanation) else None,
            is_multiple_choice=bool(extracted),
            multi_select=sum(choice.is_correct for choice in extracted) > 1,
            source=draft.start.source,
            warnings=tuple(warning.message for warning in self.warnings),
        )
