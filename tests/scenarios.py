"""Scenario definitions shared by tests (see services/definitions.py for the format)."""

from __future__ import annotations

from typing import Any

BRANCHING: dict[str, Any] = {
    "title": "Branching",
    "context_html": "<p>Shared context</p>",
    "questions": {
        "q1": {
            "prompt_html": "<p>Pick</p>",
            "choices": [
                {"body": "Right", "correct": True, "feedback": "well done"},
                {"body": "Wrong", "feedback": "not quite"},
            ],
            "explanation": "<p>Because.</p>",
            "links": [{"if": "answer == A", "to": "q3"}, {"if": "default", "to": "q2"}],
        },
        "q2": {
            "prompt_html": "<p>Remedial</p>",
            "choices": [{"body": "Yes", "correct": True}, {"body": "No"}],
            "links": [{"if": "correct", "to": "q3"}, {"if": "default", "to": "q2"}],
        },
        "q3": {
            "prompt_html": "<p>Multi</p>",
            "choices": [
                {"body": "a", "correct": True},
                {"body": "b", "correct": True},
                {"body": "c"},
            ],
            "points": 2,
            "links": [{"if": "default", "to": "q4"}],
        },
        "q4": {"prompt_html": "<p>Explain</p>", "links": [{"if": "default", "to": None}]},
    },
}


def linear(count: int, title: str = "Linear") -> dict[str, Any]:
    """A chain of `count` two-choice questions, A correct, each leading to the next."""
    keys = [f"q{i}" for i in range(count)]
    return {
        "title": title,
        "questions": {
            key: {
                "prompt_html": f"<p>Question {i}</p>",
                "choices": [{"body": "yes", "correct": True}, {"body": "no"}],
                "links": [{"if": "default", "to": keys[i + 1] if i + 1 < count else None}],
            }
            for i, key in enumerate(keys)
        },
    }
