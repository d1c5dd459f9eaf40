"""The kinds of e-mail a person chooses about, and how often each may come.

A notification's ``kind`` maps to one e-mail kind; messages that are not notifications
(streak reminders, digests, exports) are kinds of their own. Account messages (password
reset, sign-up attempts) are not optional and have no kind here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Cadence(enum.StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"

    @property
    def label(self) -> str:
        return {
            "immediate": "Right away",
            "daily": "Daily digest",
            "weekly": "Weekly digest",
            "off": "Off",
        }[self.value]


ALL = (Cadence.IMMEDIATE, Cadence.DAILY, Cadence.WEEKLY, Cadence.OFF)


@dataclass(frozen=True)
class MailKind:
    key: str
    label: str
    default: Cadence
    choices: tuple[Cadence, ...] = ALL


KINDS: tuple[MailKind, ...] = (
    MailKind(
        "reviews", "Reviews of your modules (approved, changes requested…)", Cadence.IMMEDIATE
    ),
    MailKind("community", "Comments, replies, answered requests and flags", Cadence.DAILY),
    MailKind("achievements", "Badges and levels you earn", Cadence.WEEKLY),
    MailKind(
        "streak",
        "Streak reminder in the evening when today is not yet earned",
        Cadence.IMMEDIATE,
        (Cadence.IMMEDIATE, Cadence.OFF),
    ),
    MailKind(
        "weekly",
        "Your week on Mondays: points, league, streak, new modules, your modules' readers",
        Cadence.WEEKLY,
        (Cadence.WEEKLY, Cadence.OFF),
    ),
    MailKind(
        "review_queue",
        "The review queue, longest waiting first (reviewers)",
        Cadence.WEEKLY,
        (Cadence.DAILY, Cadence.WEEKLY, Cadence.OFF),
    ),
    MailKind(
        "exports",
        "Your background export is ready",
        Cadence.IMMEDIATE,
        (Cadence.IMMEDIATE, Cadence.OFF),
    ),
)
BY_KEY = {kind.key: kind for kind in KINDS}


def kind_of_notification(notification_kind: str) -> str:
    """The e-mail kind a notification belongs to: ``module_…`` notifications are about the
    person's own modules (reviews, flags, archiving), badges and levels are achievements,
    the rest (comments, replies, answered requests, flags) is community."""
    if notification_kind.startswith("module_"):
        return "reviews"
    if notification_kind.startswith(("badge_", "level_")):
        return "achievements"
    return "community"
