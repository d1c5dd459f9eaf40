"""Learning events: one append-only table and the signal that carries each new event.

Services call :func:`record_event` inside their transaction; subscribers (the gamification
engine, notifications …) react in the same transaction, so an event and everything that
follows from it commit or roll back together.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from blinker import Namespace
from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from peerlearn.extensions import db

_signals = Namespace()

learning_event = _signals.signal("learning-event")
"""Sent after a learning event is flushed.

sender: the verb (a ``str``), so a subscriber can ``connect(fn, sender="module_completed")``.
keyword arguments: ``event`` — the flushed :class:`LearningEvent`.
"""


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class LearningEvent(db.Model):
    """Something a learner, author or reviewer did: the source of analytics and points."""

    __tablename__ = "learning_event"
    __table_args__ = (
        Index("ix_learning_event_actor_time", "actor_id", "occurred_at"),
        Index("ix_learning_event_verb_time", "verb", "occurred_at"),
        Index("ix_learning_event_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verb: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return (
            f"<LearningEvent {self.verb} actor={self.actor_id} {self.object_type}:{self.object_id}>"
        )


def record_event(
    verb: str,
    actor: Any | None,
    object_type: str | None = None,
    object_id: int | None = None,
    context: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> LearningEvent:
    """Append a learning event, flush it, and send :data:`learning_event`. Never commits."""
    event = LearningEvent(
        verb=verb,
        actor_id=getattr(actor, "id", actor),
        object_type=object_type,
        object_id=object_id,
        context=context or {},
        occurred_at=occurred_at or utcnow(),
    )
    db.session.add(event)
    db.session.flush()
    learning_event.send(verb, event=event)
    return event
