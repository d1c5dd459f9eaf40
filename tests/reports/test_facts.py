"""Fact rows read measured numbers out of the events' JSON the same way on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from peerlearn.reports.facts import COMPLETED, raw_facts
from tests.factories import make_event, make_user


def test_fractional_reading_seconds_add_up(db):
    """Completions store measured seconds such as 61.3; PostgreSQL used to fail casting the
    text ``61.3`` to an integer."""
    user = make_user()
    make_event(COMPLETED, user, 1, reading_seconds=61.3, author_id=user.id, count=2)
    make_event(COMPLETED, user, 2, reading_seconds=30)
    make_event(COMPLETED, user, 3)
    facts = raw_facts(None, (COMPLETED,), frozenset({"seconds", "author"})).subquery()
    seconds, authors = db.session.execute(
        select(func.sum(facts.c.seconds), func.count(facts.c.author_id))
    ).one()
    assert float(seconds) == pytest.approx(91.3)
    assert authors == 1
