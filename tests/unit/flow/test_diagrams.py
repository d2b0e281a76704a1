import re

from quizflow.flow.diagrams import to_dot, to_mermaid
from quizflow.flow.model import Choice, Flow, Link, Question

HOSTILE = 'Pick one"]; evil --> q0\n%% [x]'
FLOW = Flow(
    "q1",
    (
        Question("q1", True, False, 1, (Choice("a", "A", False), Choice("b", "B", True))),
        Question("q2", True, True, 1, (Choice("c", "A", True), Choice("d", "C", True))),
        Question("q3", False, False, 1),
    ),
    (
        Link("l1", "q1", "q2", "ANSWER in [b, a]", 0),
        Link("l2", "q1", None, "default", 0),
        Link("l3", "q2", "q3", 'text contains "say \\"hi\\""', 0),
        Link("l4", "q2", "gone", "correct", 1),
    ),
)
TITLES = {"q1": HOSTILE, "q2": "Second", "q3": "Essay \\ end"}


def test_mermaid_has_a_node_per_question_with_its_correct_choices() -> None:
    text = to_mermaid(FLOW, titles=TITLES)
    assert text.startswith("flowchart TD\n")
    assert '    q1["Second<br/>✓ A, C"]' in text
    assert "✓ B" in text
    assert '    q2["Essay \\ end<br/>#40;free text#41;"]' in text
    assert '    qend(("End"))' in text
    assert "    qstart --> q0" in text
    node_ids = set(re.findall(r"(?m)(?:^    |[|>] )(\w+)", text))
    assert node_ids == {"qstart", "q0", "q1", "q2", "x3", "qend"}
    assert "end" not in node_ids  # a keyword that breaks Mermaid flowcharts


def test_mermaid_edges_carry_the_canonical_condition() -> None:
    text = to_mermaid(FLOW, titles=TITLES)
    assert '    q0 -->|"answer in #91;A, B#93;"| q1' in text
    assert '    q0 -->|"default"| qend' in text
    assert '    q1 -->|"text contains #quot;say \\#quot;hi\\#quot;#quot;"| q2' in text


def test_mermaid_shows_a_link_to_a_missing_question() -> None:
    text = to_mermaid(FLOW, titles=TITLES)
    assert '    x3{{"? missing question<br/>gone"}}' in text
    assert '    q1 -->|"correct"| x3' in text


def test_mermaid_escapes_hostile_titles() -> None:
    text = to_mermaid(FLOW, titles=TITLES)
    assert "evil" in text
    assert "%%" not in text
    assert '"]' not in text.replace('"]\n', "\n")  # only at the true end of a node
    for line in text.splitlines()[1:]:
        assert re.fullmatch(r'    \w+(\["[^"]*"\]|\(\("[^"]*"\)\)|\{\{"[^"]*"\}\}'
                            r'| -->(\|"[^"]*"\|)? \w+)', line), line  # fmt: skip


def unescaped_quotes(line: str) -> int:
    return len(re.findall(r'(?<!\\)(?:\\\\)*"', line))


def test_dot_has_the_same_nodes_and_edges() -> None:
    text = to_dot(FLOW, titles=TITLES)
    assert text.startswith("digraph flow {\n")
    assert '"q1" [label="Second\\n✓ A, C", shape=box];' in text
    assert '"q0" -> "q1" [label="answer in [A, B]"];' in text
    assert '"q0" -> "qend" [label="default"];' in text
    assert '"qend" [label="End", shape=doublecircle];' in text
    assert '"q2" [label="Essay \\\\ end\\n(free text)", shape=box];' in text


def test_dot_escapes_hostile_titles_and_quoted_conditions() -> None:
    text = to_dot(FLOW, titles=TITLES)
    assert 'label="Pick one\\"]; evil --> q0 %% [x]\\n✓ B"' in text
    assert 'label="text contains \\"say \\\\\\"hi\\\\\\"\\""' in text
    for line in text.splitlines():
        assert unescaped_quotes(line) % 2 == 0, line


def test_titles_default_to_question_ids_and_long_titles_are_shortened() -> None:
    text = to_mermaid(FLOW, titles={"q1": "x" * 200})
    assert f'q0["{"x" * 79}…<br/>' in text
    assert 'q1["q2<br/>' in text
