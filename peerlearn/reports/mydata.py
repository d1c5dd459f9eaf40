""" "Download my data": everything PeerLearn holds about one person, as one JSON document.

Profile, learning events (streamed in keyset pages), points (totals and ledger lines) and
badges. Available to every signed-in person for themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from peerlearn.accounts.models import User
from peerlearn.events import LearningEvent, utcnow
from peerlearn.extensions import db
from peerlearn.gamification.models import BadgeAward, PointsEntry, UserPoints
from peerlearn.reports.tables import keyset_events

EVENT_COLUMNS = [
    LearningEvent.id,
    LearningEvent.occurred_at,
    LearningEvent.verb,
    LearningEvent.object_type,
    LearningEvent.object_id,
    LearningEvent.context,
]


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def profile(user: Any) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "department": user.department.name if user.department_id else None,
        "timezone": user.timezone,
        "leaderboard_visibility": user.leaderboard_visibility,
        "created_at": _iso(user.created_at),
        "last_sign_in_at": _iso(user.last_sign_in_at),
    }


def points_and_badges(user_id: int) -> dict[str, Any]:
    """Totals, ledger lines and badges."""
    totals = [
        {
            "period": p.period,
            "period_start": _iso(p.period_start),
            "learner_points": p.learner_points,
            "author_points": p.author_points,
        }
        for p in db.session.execute(
            select(UserPoints).where(UserPoints.user_id == user_id)
        ).scalars()
    ]
    ledger = [
        {
            "points": e.points,
            "reason": e.reason,
            "verb": e.verb,
            "board": e.board,
            "module_id": e.module_id,
            "occurred_at": _iso(e.occurred_at),
        }
        for e in db.session.execute(
            select(PointsEntry).where(PointsEntry.user_id == user_id).order_by(PointsEntry.id)
        ).scalars()
    ]
    badges = [
        {"badge": b.badge_key, "awarded_at": _iso(b.awarded_at), "revoked_at": _iso(b.revoked_at)}
        for b in db.session.execute(
            select(BadgeAward).where(BadgeAward.user_id == user_id)
        ).scalars()
    ]
    return {"points": {"available": True, "totals": totals, "ledger": ledger}, "badges": badges}


def my_data_chunks(user_id: int) -> Iterator[str]:
    """The JSON document in pieces: small parts first, then the events one by one."""
    user = db.session.get(User, user_id)
    head = {"exported_at": _iso(utcnow()), "profile": profile(user), **points_and_badges(user.id)}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "events": ['
    for index, row in enumerate(keyset_events(LearningEvent.actor_id == user.id, EVENT_COLUMNS)):
        item = {
            "id": row[0],
            "occurred_at": _iso(row[1]),
            "verb": row[2],
            "object_type": row[3],
            "object_id": row[4],
            "context": row[5] or {},
        }
        yield ("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"
