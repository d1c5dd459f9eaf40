"""What the Monday e-mails say: a person's week (points, league, streak, badges close to
earned, new modules, and for authors their modules' readers) and the reviewers' queue
(what waits, longest first). Plain queries; the tasks in ``mail.tasks`` send them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import url_for
from sqlalchemy import func, select

from peerlearn.accounts.models import User
from peerlearn.authoring.review import queue
from peerlearn.content.models import Module, module_tag
from peerlearn.events import LearningEvent, Verb
from peerlearn.extensions import db
from peerlearn.gamification.league_models import LeagueEntry
from peerlearn.gamification.leagues import this_week
from peerlearn.gamification.models import UserPoints
from peerlearn.gamification.progress import progress_of
from peerlearn.gamification.store import org_timezone

QUEUE_SHOWN = 5
NEW_MODULES_SHOWN = 5
AUTHOR_VERBS = {
    Verb.MODULE_VIEWED.value: "reads",
    Verb.MODULE_COMPLETED.value: "completions",
    Verb.MODULE_CLAPPED.value: "claps",
    Verb.COMMENT_POSTED.value: "new comments",
}


@dataclass(frozen=True)
class Item:
    text: str
    link: str = ""


def last_week_bounds(now: datetime) -> tuple[Any, datetime, datetime]:
    """Last week's Monday (organisation zone) and its start and end as UTC moments."""
    monday = this_week(now) - timedelta(days=7)
    zone = ZoneInfo(org_timezone())
    start = datetime.combine(monday, datetime.min.time(), zone).astimezone(UTC)
    end = datetime.combine(monday + timedelta(days=7), datetime.min.time(), zone).astimezone(UTC)
    return monday, start, end


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def week_summary(user: User, now: datetime) -> list[Item]:
    """The lines of ``user``'s weekly e-mail (empty: nothing worth a message). Needs a
    request context on the site (links are absolute)."""
    monday, start, end = last_week_bounds(now)
    items: list[Item] = []
    points = db.session.execute(
        select(UserPoints).where(
            UserPoints.user_id == user.id,
            UserPoints.period == "week",
            UserPoints.period_start == monday,
        )
    ).scalar_one_or_none()
    progress_link = url_for("gamification.my_progress", _external=True)
    if points is not None and points.learner_points + points.author_points > 0:
        total = points.learner_points + points.author_points
        items.append(Item(f"You earned {total} points last week.", progress_link))
    entry = db.session.execute(
        select(LeagueEntry).where(LeagueEntry.user_id == user.id, LeagueEntry.week_start == monday)
    ).scalar_one_or_none()
    if entry is not None and entry.rank is not None:
        moved = {"up": " and moved up a league", "down": " and moved down a league"}
        items.append(
            Item(
                f"You finished {_ordinal(entry.rank)} in your league"
                f"{moved.get(entry.outcome or '', '')}.",
                url_for("gamification.my_league", _external=True),
            )
        )
    progress = progress_of(user, now)
    if progress.streak:
        items.append(Item(f"Your streak: {progress.streak} days.", progress_link))
    close = sorted(
        (b for b in progress.locked if b.target and 0.5 <= b.value / b.target < 1),
        key=lambda b: b.value / b.target,
        reverse=True,
    )[:2]
    for badge in close:
        items.append(
            Item(
                f"Almost there: “{badge.definition.name}” ({badge.value} of {badge.target}).",
                progress_link,
            )
        )
    items.extend(_author_week(user, start, end))
    items.extend(_colleagues_week(user, start, end))
    items.extend(_new_modules(user, start, end))
    return items


def _colleagues_week(user: User, start: datetime, end: datetime) -> list[Item]:
    """What the person's department learned last week (nothing without a department)."""
    if user.department_id is None:
        return []
    people, completions = db.session.execute(
        select(func.count(func.distinct(LearningEvent.actor_id)), func.count())
        .join(User, User.id == LearningEvent.actor_id)
        .where(
            User.department_id == user.department_id,
            User.id != user.id,
            LearningEvent.verb == Verb.MODULE_COMPLETED.value,
            LearningEvent.occurred_at >= start,
            LearningEvent.occurred_at < end,
        )
    ).one()
    if not completions:
        return []
    who = "1 colleague" if people == 1 else f"{people} colleagues"
    what = "1 module" if completions == 1 else f"{completions} modules"
    return [Item(f"In your department, {who} completed {what}.")]


def _new_modules(user: User, start: datetime, end: datetime) -> list[Item]:
    """Modules first published last week, in the topics (tags) of what the person
    completed when there are such, else all of them."""
    new = (
        select(Module)
        .where(
            Module.first_published_at >= start,
            Module.first_published_at < end,
            Module.author_id != user.id,
        )
        .order_by(Module.first_published_at.desc())
        .limit(NEW_MODULES_SHOWN)
    )
    completed = select(LearningEvent.object_id).where(
        LearningEvent.actor_id == user.id,
        LearningEvent.verb == Verb.MODULE_COMPLETED.value,
        LearningEvent.object_type == "module",
    )
    topics = select(module_tag.c.tag_id).where(module_tag.c.module_id.in_(completed))
    in_topics = new.where(
        Module.id.in_(select(module_tag.c.module_id).where(module_tag.c.tag_id.in_(topics)))
    )
    modules = list(db.session.execute(in_topics).scalars())
    label = "New in your topics"
    if not modules:
        modules, label = list(db.session.execute(new).scalars()), "New"
    return [
        Item(f"{label}: “{m.title}”", url_for("modules.read", slug=m.slug, _external=True))
        for m in modules
    ]


def _author_week(user: User, start: datetime, end: datetime) -> list[Item]:
    """What readers did with ``user``'s modules between ``start`` and ``end``."""
    mine = select(Module.id).where(Module.author_id == user.id).scalar_subquery()
    counts = dict(
        db.session.execute(
            select(LearningEvent.verb, func.count())
            .where(
                LearningEvent.object_type == "module",
                LearningEvent.object_id.in_(mine),
                LearningEvent.verb.in_(list(AUTHOR_VERBS)),
                LearningEvent.occurred_at >= start,
                LearningEvent.occurred_at < end,
                LearningEvent.actor_id != user.id,
            )
            .group_by(LearningEvent.verb)
        ).all()
    )
    if not counts:
        return []
    said = ", ".join(f"{counts[v]} {word}" for v, word in AUTHOR_VERBS.items() if counts.get(v))
    return [Item(f"Your modules' week: {said}.", url_for("authoring.mine", _external=True))]


def queue_summary(reviewer: User, now: datetime) -> tuple[int, list[Item]]:
    """How many submissions wait for ``reviewer`` (not their own) and the longest waiting."""
    stmt = queue(reviewer)
    total = db.session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    items = []
    for submission in db.session.execute(stmt.limit(QUEUE_SHOWN)).scalars():
        days = max(0, (now - submission.submitted_at).days)
        waiting = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''}"
        items.append(
            Item(
                f"“{submission.revision.title}” — waiting {waiting}",
                url_for("authoring.review.submission", submission_id=submission.id, _external=True),
            )
        )
    return total, items
