"""The pure flow engine: questions and links, the condition language, resolution, validation
and diagrams as text. Imports only the standard library, lark and re2 (and quizflow.errors)."""

from quizflow.flow.conditions import (
    Condition,
    evaluate,
    format_condition,
    labels_in,
    parse_condition,
    uses_choices,
    uses_text,
)
from quizflow.flow.diagrams import to_dot, to_mermaid
from quizflow.flow.model import (
    Choice,
    Flow,
    Link,
    Outcome,
    Question,
    Response,
    check_response,
    grade,
)
from quizflow.flow.resolver import replay, resolve_link, resolve_next
from quizflow.flow.validation import FlowIssue, has_errors, validate_flow

__all__ = [
    "Choice",
    "Condition",
    "Flow",
    "FlowIssue",
    "Link",
    "Outcome",
    "Question",
    "Response",
    "check_response",
    "evaluate",
    "format_condition",
    "grade",
    "has_errors",
    "labels_in",
    "parse_condition",
    "replay",
    "resolve_link",
    "resolve_next",
    "to_dot",
    "to_mermaid",
    "uses_choices",
    "uses_text",
    "validate_flow",
]
