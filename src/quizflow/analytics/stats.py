"""Item statistics with Moodle's definitions, and score distributions, from plain numbers.

Moodle's quiz statistics report (docs.moodle.org/en/Quiz_statistics_calculations, and its
code in question/classes/statistics/questions/calculator.php):

- **Facility index** (F): the mean score on the question as a percentage of its maximum,
  `100 × mean(x_i) / max_i`. High means easy.
- **Discrimination index** (D): `100 × r(x_i, X − x_i)`, the Pearson correlation between the
  score on the question and the score on the rest of the attempt (total minus this question),
  so the question is not correlated with itself. Undefined (None) with fewer than two
  attempts or when either score has no variance.

The database hands over sufficient statistics (`Moments`: n, sums, sums of squares and of
products), so a million answers never reach Python.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Moments:
    """n pairs (x, y): x the score on a question, y the rest of the attempt's score."""

    n: int
    sum_x: float
    sum_y: float
    sum_xx: float
    sum_yy: float
    sum_xy: float

    @classmethod
    def of(cls, pairs: Iterable[tuple[float, float]]) -> Moments:
        """The moments of explicit pairs (tests, small data)."""
        items = list(pairs)
        return cls(
            n=len(items),
            sum_x=sum(x for x, _ in items),
            sum_y=sum(y for _, y in items),
            sum_xx=sum(x * x for x, _ in items),
            sum_yy=sum(y * y for _, y in items),
            sum_xy=sum(x * y for x, y in items),
        )


def facility(m: Moments, max_points: float) -> float | None:
    """Moodle's facility index, 0..100 for scores in [0, max]; None without answers or points."""
    if m.n == 0 or max_points <= 0:
        return None
    return 100.0 * (m.sum_x / m.n) / max_points


# Below this a variance is rounding noise from the sums, not a spread of scores.
_EPSILON = 1e-9


def pearson(m: Moments) -> float | None:
    """The Pearson correlation of the pairs; None when undefined (n < 2, a constant side)."""
    if m.n < 2:
        return None
    sxx = m.n * m.sum_xx - m.sum_x * m.sum_x
    syy = m.n * m.sum_yy - m.sum_y * m.sum_y
    sxy = m.n * m.sum_xy - m.sum_x * m.sum_y
    if sxx <= _EPSILON * max(1.0, m.n * m.sum_xx) or syy <= _EPSILON * max(1.0, m.n * m.sum_yy):
        return None
    r = sxy / math.sqrt(sxx * syy)
    return max(-1.0, min(1.0, r))


def discrimination(m: Moments) -> float | None:
    """Moodle's discrimination index, -100..100 (100 × r(question, rest of the attempt))."""
    r = pearson(m)
    return None if r is None else 100.0 * r


NEVER_CHOSEN = "never_chosen"
CHOSEN_BY_STRONG = "chosen_by_strong"


@dataclass(frozen=True, slots=True)
class ChoiceCounts:
    """How often a choice was picked: by everyone, and in the top and bottom thirds of
    learners by total score, with how many of each third answered the question."""

    is_correct: bool
    picked: int
    strong_picked: int
    strong_answered: int
    weak_picked: int
    weak_answered: int


def distractor_flags(c: ChoiceCounts) -> list[str]:
    """Flags on a wrong choice: nobody picked it (`never_chosen`), or the top third picked it
    more often than the bottom third did (`chosen_by_strong`, compared as shares of those who
    answered, since a branching path sends thirds to a question unequally)."""
    if c.is_correct:
        return []
    if c.picked == 0:
        return [NEVER_CHOSEN]
    strong = c.strong_picked / c.strong_answered if c.strong_answered else 0.0
    weak = c.weak_picked / c.weak_answered if c.weak_answered else 0.0
    return [CHOSEN_BY_STRONG] if c.strong_answered and strong > weak else []


@dataclass(frozen=True, slots=True)
class Bucket:
    start: int
    end: int
    count: int


@dataclass(frozen=True, slots=True)
class Distribution:
    attempts: int
    mean: float | None
    median: float | None
    buckets: tuple[Bucket, ...]


MAX_BUCKETS = 20


def bucket_edges(max_score: int, max_buckets: int = MAX_BUCKETS) -> list[tuple[int, int]]:
    """Integer buckets covering 0..max_score, at most `max_buckets`, of equal width
    (`ceil(max / max_buckets)`): each [from, to) except the last, which is [from, to]."""
    if max_score <= 0:
        return [(0, 0)]
    width = math.ceil(max_score / max_buckets)
    count = math.ceil(max_score / width)
    return [(k * width, min((k + 1) * width, max_score)) for k in range(count)]


def distribution(
    counts: Mapping[int, int], max_score: int, max_buckets: int = MAX_BUCKETS
) -> Distribution:
    """Mean, median and buckets of scores given as {score: attempts}. Scores outside
    [0, max_score] (negative points, a loop answered twice) land in the first or last bucket."""
    edges = bucket_edges(max_score, max_buckets)
    tally = [0] * len(edges)
    width = edges[0][1] - edges[0][0] or 1
    for score, n in counts.items():
        index = min(max(score, 0) // width, len(edges) - 1)
        tally[index] += n
    total = sum(counts.values())
    return Distribution(
        attempts=total,
        mean=None if total == 0 else sum(s * n for s, n in counts.items()) / total,
        median=_median(counts),
        buckets=tuple(Bucket(a, b, n) for (a, b), n in zip(edges, tally, strict=True)),
    )


def _median(counts: Mapping[int, int]) -> float | None:
    total = sum(n for n in counts.values() if n > 0)
    if total == 0:
        return None
    # The value at each middle rank (the same one when the count is odd), then their mean.
    middle = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for score, n in sorted((s, n) for s, n in counts.items() if n > 0):
        found += [score for rank in middle if seen <= rank < seen + n]
        seen += n
    return sum(found) / len(found)
