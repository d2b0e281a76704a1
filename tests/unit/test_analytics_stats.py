"""Moodle's item indices and the score distribution, against numbers worked out by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizflow.analytics import stats


def test_facility_is_the_mean_score_as_a_percentage_of_the_maximum() -> None:
    # Scores 2, 2, 0, 1 out of 2: mean 1.25, 62.5 %.
    moments = stats.Moments.of([(2, 0), (2, 1), (0, 3), (1, 1)])
    assert stats.facility(moments, 2) == pytest.approx(62.5)


def test_facility_is_undefined_without_answers_or_points() -> None:
    assert stats.facility(stats.Moments.of([]), 1) is None
    assert stats.facility(stats.Moments.of([(0, 1)]), 0) is None


def test_discrimination_correlates_the_question_with_the_rest_of_the_attempt() -> None:
    # x = 1 1 0 0, rest = 2 1 1 0: deviations ±.5 and 1 0 0 -1, so r = 1 / sqrt(1 × 2).
    moments = stats.Moments.of([(1, 2), (1, 1), (0, 1), (0, 0)])
    assert stats.discrimination(moments) == pytest.approx(100 / math.sqrt(2))
    # x = 1 0 1, rest = 2 2 0: sxy = -2/3, sxx = 2/3, syy = 8/3, so r = -0.5.
    assert stats.discrimination(stats.Moments.of([(1, 2), (0, 2), (1, 0)])) == pytest.approx(-50)


def test_discrimination_is_undefined_for_one_attempt_or_no_variance() -> None:
    assert stats.discrimination(stats.Moments.of([(1, 3)])) is None
    assert stats.discrimination(stats.Moments.of([(1, 3), (1, 0), (1, 2)])) is None  # all right
    assert stats.discrimination(stats.Moments.of([(1, 2), (0, 2)])) is None  # same rest


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 40)), min_size=2, max_size=50))
def test_discrimination_stays_within_plus_or_minus_100(pairs: list[tuple[int, int]]) -> None:
    value = stats.discrimination(stats.Moments.of(pairs))
    assert value is None or -100 <= value <= 100


def counts(**overrides: object) -> stats.ChoiceCounts:
    base: dict[str, object] = dict(
        is_correct=False, picked=3, strong_picked=1, strong_answered=4, weak_picked=1,
        weak_answered=4,
    )  # fmt: skip
    base.update(overrides)
    return stats.ChoiceCounts(**base)  # type: ignore[arg-type]


def test_a_wrong_choice_nobody_picked_is_never_chosen() -> None:
    assert stats.distractor_flags(counts(picked=0, strong_picked=0, weak_picked=0)) == [
        "never_chosen"
    ]
    # A correct choice is never flagged, picked or not.
    assert stats.distractor_flags(counts(is_correct=True, picked=0)) == []


def test_a_wrong_choice_the_top_third_favours_is_chosen_by_strong() -> None:
    # 2 of 4 strong learners against 1 of 4 weak ones.
    assert stats.distractor_flags(counts(strong_picked=2)) == ["chosen_by_strong"]
    # Shares, not counts: 2 of 8 strong against 1 of 2 weak is not.
    assert stats.distractor_flags(counts(strong_picked=2, strong_answered=8, weak_answered=2)) == []
    # Equal shares, or no strong learner reached the question: no flag.
    assert stats.distractor_flags(counts()) == []
    assert stats.distractor_flags(counts(strong_picked=0, strong_answered=0)) == []


def test_buckets_are_integer_widths_of_at_most_twenty() -> None:
    assert stats.bucket_edges(3) == [(0, 1), (1, 2), (2, 3)]
    assert stats.bucket_edges(30) == [(k, k + 2) for k in range(0, 30, 2)]
    assert stats.bucket_edges(41)[-1] == (39, 41)
    assert len(stats.bucket_edges(41)) == 14
    assert stats.bucket_edges(0) == [(0, 0)]


def test_distribution_puts_the_maximum_in_the_last_bucket_and_computes_mean_and_median() -> None:
    found = stats.distribution({0: 1, 1: 1, 2: 1, 3: 1}, 3)
    assert [b.count for b in found.buckets] == [1, 1, 2]
    assert (found.attempts, found.mean, found.median) == (4, 1.5, 1.5)
    odd = stats.distribution({5: 2, 9: 1}, 10)
    assert (odd.mean, odd.median) == (pytest.approx(19 / 3), 5)
    # Out of range scores (negative points, loops) land at the ends.
    edges = stats.distribution({-1: 1, 12: 1}, 10)
    assert (edges.buckets[0].count, edges.buckets[-1].count) == (1, 1)


def test_an_empty_distribution_has_no_mean_or_median() -> None:
    found = stats.distribution({}, 5)
    assert (found.attempts, found.mean, found.median) == (0, None, None)
    assert sum(b.count for b in found.buckets) == 0
