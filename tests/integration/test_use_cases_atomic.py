"""A use case either happens or it does not: a failure half-way leaves nothing behind.

Each composed use case (a scenario from a definition, the demo, a document import, an upload)
is made to fail part-way, by a real refusal where one exists and by a later step raising
where none does; then the rows in PostgreSQL are counted and the objects in S3 (moto's server)
listed. Uploads are also watched while they talk to S3: no pooled connection may be checked
out and no transaction open then, or learners starve while a large file travels.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.documents.extract import extract_questions
from quizflow.documents.tabs import extract_per_tab
from quizflow.errors import (
    ConditionSyntaxError,
    InvalidInputError,
    NotFoundError,
    UnauthorizedError,
)
from quizflow.services import definitions, demo, documents, import_tabs, imports
from quizflow.settings import Settings
from quizflow.storage.base import BlobStore
from quizflow.storage.factory import build_blob_store
from tests import gdocs_tabs
from tests.conftest import DatabaseFactory
from tests.factories import make_principal
from tests.integration.test_documents_storage import s3_settings
from tests.integration.test_documents_storage import upload as _upload
from tests.scenarios import BRANCHING

TABLES = (
    orm.Scenario,
    orm.ScenarioVersion,
    orm.Question,
    orm.Choice,
    orm.QuestionLink,
    orm.Document,
)
_BANK = """Fire safety ({tag})

1. Which extinguisher is used on an electrical fire?
A) Water
B) CO2
Answer: B

2. Where do you meet after an evacuation?
A) At the assembly point
B) In the car park
Answer: A

3. Who raises the alarm?
A) Whoever sees the fire
B) The manager only
Answer: A
"""


def bank() -> bytes:
    """A question bank with bytes of its own (objects are content-addressed, the database is
    shared by this module's tests)."""
    return _BANK.format(tag=uuid.uuid4().hex).encode()


class Failure(Exception):
    """The fault injected half-way through a use case."""


@pytest.fixture(scope="module")
def database(databases: DatabaseFactory) -> URL:
    """A database of this module's own: use cases commit for real here, and are counted."""
    return databases.create(migrated=True)


@pytest.fixture(scope="module")
def engine(database: URL) -> Iterator[Engine]:
    engine = create_engine(database, pool_size=5)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@pytest.fixture
def author(sessions: sessionmaker[Session]) -> Principal:
    with sessions.begin() as session:
        return make_principal(session, "author")


@pytest.fixture
def settings(s3_server: str, s3_bucket: str) -> Settings:
    return s3_settings(s3_server, s3_bucket)


@pytest.fixture
def store(settings: Settings) -> BlobStore:
    return build_blob_store(settings)


def counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            table.__tablename__: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in TABLES
        }


def fail_on_call(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, nth: int) -> list[int]:
    """Make `owner.name` raise Failure on its nth call (the earlier calls really happen)."""
    real = getattr(owner, name)
    calls = [0]

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == nth:
            raise Failure(f"{name} call {nth}")
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)
    return calls


# -- a scenario from a definition


def test_a_definition_refused_at_its_last_link_stores_no_scenario(
    sessions: sessionmaker[Session], author: Principal
) -> None:
    before = counts(sessions)
    broken = {
        **BRANCHING,
        "questions": {
            **BRANCHING["questions"],
            "q4": {"prompt_html": "<p>Explain</p>", "links": [{"if": "answer ==", "to": None}]},
        },
    }

    with pytest.raises(ConditionSyntaxError):
        definitions.create_from_definition(sessions=sessions, actor=author, definition=broken)

    assert counts(sessions) == before


@pytest.mark.parametrize(("step", "nth"), [("new_link", 3), ("publish_draft", 1)])
def test_a_definition_failing_half_way_stores_nothing(
    sessions: sessionmaker[Session],
    author: Principal,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    nth: int,
) -> None:
    before = counts(sessions)
    calls = fail_on_call(monkeypatch, definitions, step, nth)

    with pytest.raises(Failure):
        definitions.create_from_definition(sessions=sessions, actor=author, definition=BRANCHING)

    assert calls[0] == nth
    assert counts(sessions) == before


# -- the demo


def test_a_demo_load_failing_at_publishing_stores_nothing_and_a_retry_loads_it(
    sessions: sessionmaker[Session], author: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = counts(sessions)
    with monkeypatch.context() as patch:
        fail_on_call(patch, definitions, "publish_draft", 1)
        with pytest.raises(Failure):
            demo.load_demo(sessions=sessions, actor=author)
    assert counts(sessions) == before

    loaded = demo.load_demo(sessions=sessions, actor=author)

    after = counts(sessions)
    assert after["scenarios"] == before["scenarios"] + 1
    assert after["scenario_versions"] == before["scenario_versions"] + 1
    assert demo.load_demo(sessions=sessions, actor=author) == loaded
    assert counts(sessions) == after


LOADS = 4


def test_demo_loads_at_once_create_one_demo(
    sessions: sessionmaker[Session], author: Principal
) -> None:
    start = threading.Barrier(LOADS)
    ids: list[uuid.UUID] = []
    errors: list[BaseException] = []

    def load() -> None:
        start.wait()
        try:
            ids.append(demo.load_demo(sessions=sessions, actor=author))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(LOADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(ids) == LOADS and len(set(ids)) == 1
    with sessions() as session:
        demos = session.scalar(
            select(func.count()).where(
                orm.Scenario.owner_id == author.user_id, orm.Scenario.title == demo.DEMO_TITLE
            )
        )
    assert demos == 1


# -- a document import (the CLI's `quizflow import`)


def _import(
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    *,
    into: uuid.UUID | None = None,
    data: bytes | None = None,
) -> imports.ImportedDocument:
    data = data or bank()
    document = imports.normalise(data, filename="fire.txt", media_type=None, settings=settings)
    return imports.import_document(
        sessions=sessions,
        store=store,
        settings=settings,
        actor=actor,
        filename="fire.txt",
        data=data,
        document=document,
        extraction=extract_questions(document),
        into=into,
    )


def test_an_import_failing_at_its_second_question_keeps_no_document_and_no_object(
    sessions: sessionmaker[Session],
    author: Principal,
    store: BlobStore,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = counts(sessions)
    calls = fail_on_call(monkeypatch, imports, "append_question", 2)

    with pytest.raises(Failure):
        _import(sessions, store, settings, author)

    assert calls[0] == 2
    assert counts(sessions) == before
    assert list(store.iter_keys()) == []


def test_an_import_into_a_scenario_that_is_gone_keeps_no_document_and_no_object(
    sessions: sessionmaker[Session], author: Principal, store: BlobStore, settings: Settings
) -> None:
    before = counts(sessions)

    with pytest.raises(NotFoundError):
        _import(sessions, store, settings, author, into=uuid.uuid4())

    assert counts(sessions) == before
    assert list(store.iter_keys()) == []


def test_an_import_keeps_the_document_and_its_scenario_together(
    sessions: sessionmaker[Session], author: Principal, store: BlobStore, settings: Settings
) -> None:
    before = counts(sessions)

    imported = _import(sessions, store, settings, author)

    after = counts(sessions)
    assert imported.scenario.question_count == 3
    assert after["documents"] == before["documents"] + 1
    assert after["scenarios"] == before["scenarios"] + 1
    assert after["questions"] == before["questions"] + 3
    assert len(list(store.iter_keys())) == 1  # the original


def _import_per_tab(
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    response: dict[str, Any],
) -> import_tabs.ImportedTabs:
    """The CLI's `quizflow import --scenario-per-tab` of a Google Doc with tabs."""
    data = json.dumps(response).encode()
    media_type = imports.GOOGLE_DOC_MEDIA_TYPE
    document = imports.normalise(
        data, filename="safety.json", media_type=media_type, settings=settings
    )
    return import_tabs.import_document_per_tab(
        sessions=sessions,
        store=store,
        settings=settings,
        actor=actor,
        filename="safety.json",
        data=data,
        document=document,
        tabs=extract_per_tab(document, fallback_title="safety"),
        media_type=media_type,
    )


def _unique_tabs(second: dict[str, Any] | None = None) -> dict[str, Any]:
    """The tabbed Doc, with bytes of its own (objects are content-addressed)."""
    return {**gdocs_tabs.tabbed(second), "revisionId": uuid.uuid4().hex}


def test_an_import_per_tab_failing_in_the_second_tabs_scenario_keeps_nothing(
    sessions: sessionmaker[Session],
    author: Principal,
    store: BlobStore,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = counts(sessions)
    # Tab "Fire" has two questions: the third question written is the second scenario's first.
    calls = fail_on_call(monkeypatch, imports, "append_question", 3)

    with pytest.raises(Failure):
        _import_per_tab(sessions, store, settings, author, _unique_tabs())

    assert calls[0] == 3
    assert counts(sessions) == before  # not even the first tab's scenario
    assert list(store.iter_keys()) == []


def test_an_import_per_tab_refused_in_the_second_tab_names_it_and_keeps_nothing(
    sessions: sessionmaker[Session], author: Principal, store: BlobStore, settings: Settings
) -> None:
    before = counts(sessions)

    with pytest.raises(InvalidInputError, match=r'^tab 3 "First aid": question 3'):
        _import_per_tab(
            sessions, store, settings, author, _unique_tabs(gdocs_tabs.refused_second_tab())
        )

    assert counts(sessions) == before
    assert list(store.iter_keys()) == []


def test_an_import_per_tab_keeps_the_document_and_every_tabs_scenario_together(
    sessions: sessionmaker[Session], author: Principal, store: BlobStore, settings: Settings
) -> None:
    before = counts(sessions)

    imported = _import_per_tab(sessions, store, settings, author, _unique_tabs())

    after = counts(sessions)
    assert [s.question_count for s in imported.scenarios] == [2, 1]
    assert after["documents"] == before["documents"] + 1
    assert after["scenarios"] == before["scenarios"] + 2
    assert after["questions"] == before["questions"] + 3
    assert len(list(store.iter_keys())) == 1  # the original


# -- an upload


def test_an_upload_whose_row_is_refused_leaves_no_object(
    sessions: sessionmaker[Session], store: BlobStore, settings: Settings
) -> None:
    ghost = Principal(user_id=uuid.uuid4(), role="author", email=None)  # no account row
    before = counts(sessions)

    with pytest.raises(UnauthorizedError):
        _upload(sessions, store, settings, ghost, bank())

    assert counts(sessions) == before
    assert list(store.iter_keys()) == []


def test_a_failed_upload_keeps_an_object_another_document_refers_to(
    sessions: sessionmaker[Session], author: Principal, store: BlobStore, settings: Settings
) -> None:
    data = bank()
    kept = _upload(sessions, store, settings, author, data)
    keys = list(store.iter_keys())
    ghost = Principal(user_id=uuid.uuid4(), role="author", email=None)

    with pytest.raises(UnauthorizedError):
        _upload(sessions, store, settings, ghost, data)

    assert list(store.iter_keys()) == keys
    read = documents.read_document(
        sessions=sessions, store=store, settings=settings, actor=author, document_id=kept.id
    )
    assert "electrical fire" in read.text


class WatchedStore:
    """The real S3 store; on each put, it records what the database holds at that moment."""

    def __init__(self, store: BlobStore, engine: Engine, watcher: Engine) -> None:
        self._store = store
        self._engine = engine
        self._watcher = watcher
        self.seen: list[tuple[int, int]] = []
        self.during_put: list[Any] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def put(self, key: str, data: Any, *, content_type: str) -> str:
        with self._watcher.connect() as connection:
            busy = connection.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
                )
            )
        self.seen.append((self._engine.pool.checkedout(), int(busy or 0)))  # type: ignore[attr-defined]
        url = self._store.put(key, data, content_type=content_type)
        for hook in self.during_put:
            hook(key)
        return url


def test_an_upload_holds_no_connection_and_no_transaction_while_it_talks_to_s3(
    sessions: sessionmaker[Session],
    engine: Engine,
    database: URL,
    author: Principal,
    store: BlobStore,
    settings: Settings,
) -> None:
    watcher = create_engine(database)
    try:
        watched = WatchedStore(store, engine, watcher)
        large = settings.model_copy(update={"inline_content_max_bytes": 1024})
        kept = _upload(sessions, watched, large, author, bank() * 40)  # type: ignore[arg-type]
    finally:
        watcher.dispose()

    assert kept.storage == "object"
    assert watched.seen == [(0, 0), (0, 0)]  # the original and the content: nothing held


def test_an_upload_puts_back_an_object_swept_before_its_row_was_recorded(
    sessions: sessionmaker[Session],
    engine: Engine,
    database: URL,
    author: Principal,
    store: BlobStore,
    settings: Settings,
) -> None:
    watched = WatchedStore(store, engine, engine)

    def sweep(_: str) -> None:  # `quizflow storage gc` runs while the upload is in flight
        watched.during_put.clear()  # once: the upload's own put back must not be swept
        report = documents.collect_garbage(sessions=sessions, store=store)
        assert report.deleted  # it did take the upload's object for an orphan

    watched.during_put.append(sweep)
    data = bank()
    kept = _upload(sessions, watched, settings, author, data)  # type: ignore[arg-type]

    with sessions() as session:
        row = session.get(orm.Document, kept.id)
        assert row is not None and row.original_url is not None
        original = row.original_url
    assert store.get(original) == data
    assert len(watched.seen) == 2  # put, swept, and put back once the row was recorded
