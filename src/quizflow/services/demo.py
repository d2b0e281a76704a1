"""The demo scenario `make run` loads: real branching, a retry loop, multi-select, free text."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.services.definitions import build_scenario

DEMO_TITLE = "Lab safety: a chemical spill"
# The first key of the transaction-level advisory lock that makes concurrent loads of one
# owner's demo take turns (the second key is the owner's).
_DEMO_LOCK = 0x71660DE0

DEMO: dict[str, Any] = {
    "title": DEMO_TITLE,
    "context_html": (
        "<p>You are working alone at the end of a shared teaching lab when you knock over a "
        "<strong>250 ml beaker of 1 M hydrochloric acid</strong>. It spreads across the bench "
        "and starts to drip onto the floor. Two students are working at the next bench.</p>"
    ),
    "questions": {
        "first": {
            "prompt_html": "<p>What do you do <em>first</em>?</p>",
            "choices": [
                {
                    "body": "Wipe it up quickly with paper towels",
                    "feedback": "Paper towels "
                    "do not neutralise acid, and your hands are unprotected.",
                },
                {
                    "body": "Warn the people nearby and put on gloves and goggles",
                    "correct": True,
                    "feedback": "Yes: people first, then protect yourself.",
                },
                {
                    "body": "Leave it to evaporate",
                    "feedback": "Hydrochloric acid gives off "
                    "corrosive fumes; it must be dealt with.",
                },
            ],
            "explanation": "<p>Alert, protect, then contain: everyone nearby must know before "
            "you start, and you need protection before touching anything.</p>",
            "links": [{"if": "answer == B", "to": "kit"}, {"if": "default", "to": "why"}],
        },
        "why": {
            "prompt_html": "<p>Why warn the people nearby before anything else?</p>",
            "choices": [
                {"body": "So that they keep away from the spill and its fumes", "correct": True},
                {"body": "So that someone else cleans it up"},
                {"body": "It is not necessary for a small spill"},
            ],
            "explanation": "<p>Keeping others out of harm comes before the clean-up.</p>",
            # A retry loop with an exit: try again until the answer is right.
            "links": [{"if": "correct", "to": "kit"}, {"if": "default", "to": "why"}],
        },
        "kit": {
            "prompt_html": "<p>Which items from the spill kit do you use? "
            "<em>Select all that apply.</em></p>",
            "choices": [
                {"body": "Sodium bicarbonate (neutraliser)", "correct": True},
                {"body": "Absorbent pads", "correct": True},
                {
                    "body": "Your bare hands to push it together",
                    "feedback": "Never: acid burns skin.",
                },
                {"body": "Splash goggles", "correct": True},
            ],
            "points": 2,
            "explanation": "<p>Neutralise, absorb, and keep your eyes protected.</p>",
            "links": [
                {"if": "answer has C", "to": "hands"},
                {"if": "default", "to": "waste"},
            ],
        },
        "hands": {
            "prompt_html": "<p>Acid touched your skin. What now?</p>",
            "choices": [
                {"body": "Rinse with plenty of running water for 15 minutes", "correct": True},
                {"body": "Dab it with a towel and carry on"},
            ],
            "links": [{"if": "default", "to": "waste"}],
        },
        "waste": {
            "prompt_html": "<p>In a sentence: what do you do with the used pads and "
            "neutralised residue?</p>",
            "links": [
                {"if": 'text contains "hazard" or text matches "chemical waste"', "to": None},
                {"if": "default", "to": "bin"},
            ],
        },
        "bin": {
            "prompt_html": "<p>Where does the residue go?</p>",
            "choices": [
                {"body": "The ordinary bin"},
                {"body": "A labelled hazardous-waste container", "correct": True},
            ],
            "explanation": "<p>Spill residue is hazardous waste, even once neutralised.</p>",
            "links": [{"if": "score >= 3", "to": None}, {"if": "default", "to": None}],
        },
    },
}


def load_demo(*, sessions: sessionmaker[Session], actor: Principal) -> uuid.UUID:
    """Create and publish the demo scenario, once: a second call returns the existing one.

    One transaction: the demo is there whole or not at all. Two loads at once take turns on
    a lock, so the second finds the first one's demo instead of creating another.
    """
    with sessions.begin() as session:
        session.execute(
            select(func.pg_advisory_xact_lock(_DEMO_LOCK, func.hashtext(str(actor.user_id))))
        )
        existing = _existing(session, actor)
        if existing is not None:
            return existing
        return build_scenario(session, actor, DEMO).id


def _existing(session: Session, actor: Principal) -> uuid.UUID | None:
    return session.scalar(
        select(orm.Scenario.id)
        .where(orm.Scenario.owner_id == actor.user_id, orm.Scenario.title == DEMO_TITLE)
        .limit(1)
    )
