"""Who may fetch a stored object (an image in a question or a context), found from the content.

An object is shown to whoever may see some content that shows it: the author of a scenario
whose draft or versions contain its key, an admin, a learner who may play a version containing
it (the published one, or one they have an attempt on), and the author who uploaded it. For
anyone else it does not exist: the answer is the same as for a key never stored, so keys cannot
be probed.

Keys are `objects/ab/<sha256>.<ext>`, checked against the sanitiser's own pattern before any
query, so the text search (strpos, no pattern language at all) looks for exactly that string.
One statement of EXISTS branches, each searching only what the caller may see.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.documents.sanitize import is_stored_image_key
from quizflow.errors import NotFoundError
from quizflow.services.images import IMAGE_TYPES
from quizflow.storage.base import BlobStore

#: How long a presigned S3 URL (the 302's target) stays valid: enough to load a page.
PRESIGN_TTL_S = 300

# A question that shows the key: in its prompt, its explanation, or a choice or its feedback.
_SHOWS = """(strpos(q.prompt_html, :key) > 0 OR strpos(coalesce(q.explanation, ''), :key) > 0
    OR EXISTS (SELECT 1 FROM choices c WHERE c.question_id = q.id
               AND (strpos(c.body, :key) > 0 OR strpos(coalesce(c.feedback, ''), :key) > 0)))"""
# Each branch searches only content this caller may see, reached by an index (owner, latest
# version, the caller's attempts), so a learner's request never reads authors' drafts; the
# first branch that finds a row ends the statement.
_MAY_SEE = text(
    f"""
    SELECT EXISTS (SELECT 1 FROM documents d
                   WHERE d.owner_id = :user_id AND d.object_keys @> ARRAY[CAST(:key AS text)])
    OR EXISTS (SELECT 1 FROM scenarios s
               WHERE s.owner_id = :user_id AND strpos(s.context_html, :key) > 0)
    OR EXISTS (SELECT 1 FROM scenarios s JOIN scenario_versions v ON v.scenario_id = s.id
               WHERE s.owner_id = :user_id AND strpos(v.context_html, :key) > 0)
    OR EXISTS (SELECT 1 FROM scenarios s JOIN questions q ON q.scenario_id = s.id
               WHERE s.owner_id = :user_id AND {_SHOWS})
    OR EXISTS (SELECT 1 FROM scenarios s JOIN scenario_versions v ON v.id = s.latest_version_id
               WHERE s.status = 'published' AND strpos(v.context_html, :key) > 0)
    OR EXISTS (SELECT 1 FROM scenarios s JOIN questions q ON q.version_id = s.latest_version_id
               WHERE s.status = 'published' AND {_SHOWS})
    OR EXISTS (SELECT 1 FROM user_progress p JOIN scenario_versions v ON v.id = p.version_id
               WHERE p.user_id = :user_id AND strpos(v.context_html, :key) > 0)
    OR EXISTS (SELECT 1 FROM user_progress p JOIN questions q ON q.version_id = p.version_id
               WHERE p.user_id = :user_id AND {_SHOWS})
    """
)


@dataclass(frozen=True, slots=True)
class ObjectAnswer:
    """Either a URL to redirect to (S3, presigned) or the bytes themselves (local storage)."""

    media_type: str
    redirect_to: str | None
    chunks: Iterator[bytes] | None


def may_see(session: Session, actor: Principal, key: str) -> bool:
    """Whether the actor may see some content that shows the object `key`."""
    if actor.is_admin:
        return True
    return bool(session.scalar(_MAY_SEE, {"key": key, "user_id": actor.user_id}))


def open_object(
    *, sessions: sessionmaker[Session], store: BlobStore, actor: Principal, key: str
) -> ObjectAnswer:
    """The object for someone who may see it; NotFoundError for anyone else, and for a key
    that is malformed or not stored (the same answer, so nothing is learnt by asking)."""
    missing = NotFoundError(f"object {key} does not exist")
    if not is_stored_image_key(key):
        raise missing
    with sessions() as session:
        if not may_see(session, actor, key):
            raise missing
    url = store.url_for(key)
    # Served as the image it is named, or as bytes nothing will render (an imported key may
    # name a kind of file we would not put on a page of ours, e.g. SVG with scripts).
    media_type = IMAGE_TYPES.get(key.rsplit(".", 1)[-1], "application/octet-stream")
    presigned = store.presigned_url(url, ttl_s=PRESIGN_TTL_S)
    if presigned is not None:
        if not store.exists(key):
            raise missing
        return ObjectAnswer(media_type, presigned, None)
    try:
        chunks = store.open(url)
    except NotFoundError:
        raise missing from None  # the store's message names where it keeps its files
    return ObjectAnswer(media_type, None, chunks)
