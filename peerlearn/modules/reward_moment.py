"""Carry an action's reward across the redirect to the page it lands on.

The action's view keeps only the ids of the learning events it recorded (in the signed
session cookie); the module page reads what was written for them once, and shows it where
the action was (the finish box, the claps row, the new comment)."""

from __future__ import annotations

from typing import Any

from flask import session
from flask_login import current_user

from peerlearn.gamification import reward

REWARD_KEY = "reward"
MAX_EVENTS = 50


def remember(
    module: Any, action: str, seen: reward.Watch, repeat: bool = False, comment_id: int = 0
) -> None:
    """Keep what ``action`` recorded for the page it redirects to (ids only)."""
    session[REWARD_KEY] = {
        "module": module.id,
        "action": action,
        "events": seen.event_ids[-MAX_EVENTS:],
        "repeat": repeat,
        "comment": comment_id,
    }


def pending(module: Any) -> tuple[reward.Reward | None, int | None]:
    """The reward of the action that redirected to ``module``'s page, once, and the comment
    it was about (reading it writes no row)."""
    kept = session.get(REWARD_KEY)
    if not isinstance(kept, dict) or kept.get("module") != module.id:
        return None, None
    session.pop(REWARD_KEY, None)
    events = [i for i in kept.get("events", []) if isinstance(i, int)]
    action = kept.get("action") if kept.get("action") in reward.ACTIONS else "complete"
    summary = reward.summarize(current_user, events, action, repeat=bool(kept.get("repeat")))
    comment = kept.get("comment")
    return summary, comment if isinstance(comment, int) else None
