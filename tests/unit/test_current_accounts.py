"""CurrentAccounts: the account's role replaces the token's, remembered for a bounded time."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from quizflow.auth import CurrentAccounts, Principal, Role
from quizflow.errors import UnauthorizedError

ADA = Principal(user_id=uuid.uuid4(), role="author", email="ada@example.org")


class Accounts:
    """The accounts table as a dict, counting reads."""

    def __init__(self, **roles: Role) -> None:
        self.roles: dict[uuid.UUID, Role] = {ADA.user_id: roles.get("ada", "author")}
        self.reads = 0

    def __call__(self, user_id: uuid.UUID) -> Role | None:
        self.reads += 1
        return self.roles.get(user_id)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_accounts_role_wins_over_the_tokens() -> None:
    accounts = CurrentAccounts(Accounts(ada="learner"), ttl_s=5)
    assert accounts.current(ADA).role == "learner"


def test_an_account_is_read_once_per_ttl() -> None:
    table, clock = Accounts(), Clock()
    accounts = CurrentAccounts(table, ttl_s=5, clock=clock)
    assert accounts.cached(ADA) is None  # not read yet: the caller must read it
    for _ in range(100):
        accounts.current(ADA)
    assert table.reads == 1
    table.roles[ADA.user_id] = "learner"
    clock.now = 4.9
    assert accounts.cached(ADA) == ADA
    clock.now = 5.0
    assert accounts.cached(ADA) is None
    assert accounts.current(ADA).role == "learner"
    assert table.reads == 2


def test_a_ttl_of_zero_reads_the_account_every_time() -> None:
    table = Accounts()
    accounts = CurrentAccounts(table, ttl_s=0)
    for _ in range(3):
        accounts.current(ADA)
    assert table.reads == 3


def test_a_missing_account_is_refused_and_remembered_as_missing() -> None:
    table = Accounts()
    del table.roles[ADA.user_id]
    accounts = CurrentAccounts(table, ttl_s=5, clock=Clock())
    for _ in range(3):
        with pytest.raises(UnauthorizedError, match="no longer exists"):
            accounts.current(ADA)
    assert table.reads == 1  # a deleted user's token makes no query per request


def test_a_provisionable_caller_without_an_account_keeps_the_tokens_role() -> None:
    table = Accounts()
    newcomer = replace(ADA, user_id=uuid.uuid4(), role="learner", provisionable=True)
    assert CurrentAccounts(table, ttl_s=5).current(newcomer).role == "learner"


def test_at_most_capacity_accounts_are_remembered() -> None:
    table = Accounts()
    others = [replace(ADA, user_id=uuid.uuid4(), provisionable=True) for _ in range(3)]
    accounts = CurrentAccounts(table, ttl_s=5, capacity=2, clock=Clock())
    for caller in [ADA, *others]:
        accounts.current(caller)
    assert accounts.cached(ADA) is None  # the oldest went first
    assert accounts.cached(others[-1]) is not None
