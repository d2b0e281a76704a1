"""The flow as a directed graph of question ids: reachability and strongly connected parts."""

from __future__ import annotations

from collections.abc import Mapping

from quizflow.flow.model import Flow


def question_edges(flow: Flow) -> dict[str, list[str]]:
    """Each question's link targets within the flow, whatever the conditions say."""
    return {
        question.id: [
            link.to_question_id
            for link in flow.links_from(question.id)
            if link.to_question_id is not None and link.to_question_id in flow.by_id
        ]
        for question in flow.questions
    }


def reachable(edges: Mapping[str, list[str]], start: str) -> set[str]:
    """Every node reachable from `start`, itself included."""
    seen, todo = {start}, [start]
    while todo:
        for target in edges[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def strongly_connected(edges: Mapping[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of the graph (every target must be a key).

    Tarjan's algorithm, iterative, so that a long chain of questions cannot hit Python's
    recursion limit.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)

    for root in edges:
        if root in index:
            continue
        visit(root)
        work = [(root, iter(edges[root]))]
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    visit(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components
