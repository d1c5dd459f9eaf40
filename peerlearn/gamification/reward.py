"""The reward moment: what one action (a unit of work) actually paid, in plain words.

A view or API endpoint wraps the service call in :func:`watch`; every learning event recorded
meanwhile (the action's own, and the ``badge_earned`` / ``level_reached`` / ``streak_reached``
events the engine records in the same transaction) is noted by id. :func:`summarize` then
reads what was *written* for those events: the ledger entries (and whether a hold keeps
them from counting), the badge awards, the level events and the streak day. Nothing is
recomputed from rules, except the honest explanation of why an action paid nothing, which
names the condition the engine holds the event to (the real minimum reading time, the
first completion only, your own module, a daily limit already reached …).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import url_for
from sqlalchemy import select

from peerlearn.events import LearningEvent, Verb, learning_event, utcnow
from peerlearn.extensions import db
from peerlearn.gamification.catalog import ActiveCatalog, active_catalog
from peerlearn.gamification.evaluation import cap_day
from peerlearn.gamification.hold_models import PointsHold
from peerlearn.gamification.holds import uncounted_entry_ids
from peerlearn.gamification.models import BadgeAward, GameState, PointsEntry, UserPoints
from peerlearn.gamification.rules import progress_to_next
from peerlearn.gamification.state import to_state, user_facts
from peerlearn.gamification.streaks import current_streak, local_date

_WATCHES = "reward_watches"
ACTIONS = ("complete", "quiz", "clap", "comment", "review")


@dataclass
class Watch:
    """The ids of the learning events recorded while the watch was open."""

    event_ids: list[int] = field(default_factory=list)


def _on_event(sender: Any, event: LearningEvent, **_: Any) -> None:
    for opened in db.session.info.get(_WATCHES, ()):
        opened.event_ids.append(event.id)


def connect() -> None:
    """Subscribe the watcher to learning events (called once by gamification's init_app)."""
    learning_event.connect(_on_event)


@contextmanager
def watch() -> Iterator[Watch]:
    """Note the learning events recorded by this session (this request) inside the block."""
    opened = Watch()
    watches = db.session.info.setdefault(_WATCHES, [])
    watches.append(opened)
    try:
        yield opened
    finally:
        watches.remove(opened)


@dataclass(frozen=True)
class RewardLine:
    points: int
    rule: str  # the rule in plain words
    held: bool = False


@dataclass(frozen=True)
class RewardBadge:
    key: str
    name: str
    description: str
    tier: str
    image_url: str
    share_url: str


@dataclass(frozen=True)
class RewardLevel:
    number: int
    name: str
    total: int
    next_name: str | None
    points_to_next: int | None
    percent: int
    reached_now: bool


@dataclass(frozen=True)
class RewardStreak:
    current: int
    counted_now: bool  # this action made today count
    today_counted: bool = False  # today counts already (now or earlier)


@dataclass(frozen=True)
class Reward:
    """What one action earned the acting person, and what it gave others (an author)."""

    action: str
    points: int
    held_points: int
    lines: list[RewardLine]
    given: list[dict[str, Any]]
    badges: list[RewardBadge]
    level: RewardLevel
    streak: RewardStreak
    messages: list[str]

    @property
    def earned(self) -> bool:
        return self.points > 0 or self.held_points > 0 or bool(self.badges)

    def as_dict(self) -> dict[str, Any]:
        """The API's ``awarded`` object (``RewardSchema``)."""
        return {
            "action": self.action,
            "points": self.points,
            "held_points": self.held_points,
            "lines": [vars(line) for line in self.lines],
            "given": self.given,
            "badges": [vars(badge) for badge in self.badges],
            "level": vars(self.level),
            "streak": vars(self.streak),
            "messages": self.messages,
        }


def _rule_words(catalog: ActiveCatalog, entry: PointsEntry) -> str:
    rule = catalog.rule_by_key.get(entry.rule_key)
    words = rule.description if rule is not None else entry.rule_key.replace("_", " ")
    if "daily limit" in entry.reason and "daily limit" not in words:
        words = f"{words} (daily limit reached)"
    return words


def _level(user_id: int, catalog: ActiveCatalog, reached_now: bool) -> RewardLevel:
    row = db.session.execute(
        select(UserPoints.learner_points + UserPoints.author_points).where(
            UserPoints.user_id == user_id, UserPoints.period == "all"
        )
    ).scalar()
    total = int(row or 0)
    progress = progress_to_next(total, catalog.levels)
    upcoming = progress.next
    return RewardLevel(
        number=progress.current.number,
        name=progress.current.name,
        total=total,
        next_name=upcoming.name if upcoming else None,
        points_to_next=upcoming.min_points - total if upcoming else None,
        percent=round(progress.fraction * 100),
        reached_now=reached_now,
    )


def _streak(user: Any, events: list[LearningEvent], catalog: ActiveCatalog) -> RewardStreak:
    row = db.session.get(GameState, user.id)
    if row is None:
        return RewardStreak(0, False, False)
    tz_name = user_facts([user.id]).get(user.id, ("UTC", None))[0]
    state = to_state(row, tz_name, set())
    completed_at = {
        e.occurred_at.replace(tzinfo=None)
        for e in events
        if e.verb == Verb.MODULE_COMPLETED and e.actor_id == user.id
    }
    counted_at = row.streak_counted_at
    counted = counted_at is not None and counted_at.replace(tzinfo=None) in completed_at
    now = max((e.occurred_at for e in events), default=None) or utcnow()
    current = current_streak(state.streak, now, state.tz_name, catalog.settings.weekends_free)
    today = state.streak.last_date is not None and (
        state.streak.last_date == local_date(now, state.tz_name)
    )
    return RewardStreak(current, counted, today)


def _badges(user_id: int, event_ids: list[int], catalog: ActiveCatalog) -> list[RewardBadge]:
    awards = db.session.execute(
        select(BadgeAward)
        .where(BadgeAward.user_id == user_id, BadgeAward.source_event_id.in_(event_ids))
        .order_by(BadgeAward.id)
    ).scalars()
    names = {badge.key: badge for badge in catalog.badges}
    found = []
    for award in awards:
        badge = names.get(award.badge_key)
        found.append(
            RewardBadge(
                key=award.badge_key,
                name=badge.name if badge else award.badge_key,
                description=badge.description if badge else "",
                tier=str(badge.tier) if badge else "",
                image_url=url_for("gamification.openbadges.badge_image", key=award.badge_key),
                share_url=url_for("gamification.openbadges.badge_page", uid=award.uid),
            )
        )
    return found


def summarize(user: Any, event_ids: list[int], action: str, *, repeat: bool = False) -> Reward:
    """The reward for ``user`` of the action that recorded ``event_ids``, read from the
    ledger, holds, badge awards, level events and streak state written for them.

    ``repeat``: the service did nothing new (completing a module completed before)."""
    catalog = active_catalog()
    ids = list(event_ids) or [-1]
    events = list(
        db.session.execute(
            select(LearningEvent).where(LearningEvent.id.in_(ids)).order_by(LearningEvent.id)
        ).scalars()
    )
    entries = list(
        db.session.execute(
            select(PointsEntry).where(PointsEntry.source_event_id.in_(ids)).order_by(PointsEntry.id)
        ).scalars()
    )
    entry_ids = [e.id for e in entries] or [-1]
    uncounted = set(
        db.session.execute(
            uncounted_entry_ids().where(PointsHold.entry_id.in_(entry_ids))
        ).scalars()
    )
    mine = [e for e in entries if e.user_id == user.id]
    lines = [RewardLine(e.points, _rule_words(catalog, e), e.id in uncounted) for e in mine]
    given = [
        {"points": e.points, "rule": _rule_words(catalog, e), "held": e.id in uncounted}
        for e in entries
        if e.user_id != user.id and e.points > 0
    ]
    level_up = any(e.verb == Verb.LEVEL_REACHED and e.actor_id == user.id for e in events)
    reward = Reward(
        action=action,
        points=sum(line.points for line in lines if not line.held),
        held_points=sum(line.points for line in lines if line.held),
        lines=lines,
        given=given,
        badges=_badges(user.id, ids, catalog),
        level=_level(user.id, catalog, level_up),
        streak=_streak(user, events, catalog),
        messages=[],
    )
    reward.messages.extend(_messages(user, reward, events, entries, uncounted, catalog, repeat))
    return reward


def _messages(
    user: Any,
    reward: Reward,
    events: list[LearningEvent],
    entries: list[PointsEntry],
    uncounted: set[int],
    catalog: ActiveCatalog,
    repeat: bool,
) -> list[str]:
    """Why an action paid (part of) nothing, in plain words; empty when all is said."""
    messages: list[str] = []
    if reward.held_points:
        messages.append(
            f"{reward.held_points} points are held for review: a reviewer checks unusual "
            "patterns between colleagues before they count."
        )
    paid = {(e.source_event_id, e.user_id) for e in entries}
    settings = catalog.settings
    mine = [e for e in events if e.actor_id == user.id]
    verbs = {e.verb for e in mine}
    if repeat and not mine:
        if reward.action == "complete":
            messages.append(
                "You completed this module before: points come with the first completion only."
            )
        return messages
    for event in mine:
        context = event.context or {}
        own = context.get("author_id") == user.id
        if event.verb == Verb.MODULE_COMPLETED and (event.id, user.id) not in paid:
            messages.append(_unpaid_completion(user, event, own, settings.min_reading_seconds))
        elif event.verb == Verb.QUIZ_PASSED and (event.id, user.id) not in paid:
            if own:
                messages.append("This is your own module: its quiz earns you no points.")
            elif context.get("first_try") is False:
                messages.append("The quiz bonus comes with a pass on the first attempt only.")
        elif event.verb == Verb.QUIZ_ATTEMPTED and Verb.QUIZ_PASSED not in verbs:
            rule = catalog.rule_by_key.get("complete")
            bonus = f" and earn {rule.points} points" if rule and rule.points else ""
            messages.append(
                f"No points for this attempt: pass the quiz to complete the module{bonus}."
            )
        elif event.verb == Verb.MODULE_CLAPPED:
            messages.append(_clap_message(event, entries, uncounted, catalog))
        elif event.verb == Verb.REVIEW_DECIDED and (event.id, user.id) not in paid:
            messages.append(_unpaid_review(user, event, catalog))
        elif event.verb == Verb.COMMENT_POSTED:
            rule = catalog.rule_by_key.get("helpful_comment")
            extra = f" (+{rule.points})" if rule and rule.points else ""
            messages.append(
                "Comments earn points when the module's author marks one helpful" + extra + "."
            )
    return [m for m in messages if m]


def _unpaid_review(user: Any, event: LearningEvent, catalog: ActiveCatalog) -> str:
    decision = (event.context or {}).get("decision")
    if decision == "request_changes":
        return (
            "Requesting changes earns no points: a review pays once, when you approve or "
            "reject the module."
        )
    rule = catalog.rule_by_key.get("review")
    if rule is not None and rule.daily_cap is not None:
        row = db.session.get(GameState, user.id)
        tally = (row.points_today or {}).get(rule.key) if row else None
        today = cap_day(event.occurred_at).isoformat()
        if tally and str(tally[0]) == today and int(tally[1]) >= rule.daily_cap:
            return f"Daily limit reached: reviews pay up to {rule.daily_cap} points a day."
    return "No points for this decision: this revision was decided before, or moments ago."


def _unpaid_completion(user: Any, event: LearningEvent, own: bool, minimum: float) -> str:
    context = event.context or {}
    seconds = context.get("reading_seconds")
    if own:
        return "This is your own module: completing it earns no points and no streak day."
    if context.get("first_time") is False:
        return "You completed this module before: points come with the first completion only."
    if not isinstance(seconds, int | float) or seconds < minimum:
        read = f" (you read it for {int(seconds or 0)} s)" if seconds is not None else ""
        return (
            f"Read for at least {minimum:g} s to earn points and a streak day{read}. "
            "The module is marked completed all the same."
        )
    recent = db.session.execute(
        select(PointsEntry.id).where(
            PointsEntry.user_id == user.id,
            PointsEntry.rule_key == "complete",
            PointsEntry.occurred_at >= event.occurred_at - timedelta(seconds=60),
            PointsEntry.occurred_at <= event.occurred_at,
        )
    ).first()
    if recent is not None:
        return (
            "No points this time: you completed another module moments ago, "
            "and only one completion earns points within a short interval."
        )
    return "No points this time: this completion did not meet the points rules."


def _clap_message(
    event: LearningEvent, entries: list[PointsEntry], uncounted: set[int], catalog: ActiveCatalog
) -> str:
    rule = catalog.rule_by_key.get("clap_received")
    author_id = (event.context or {}).get("author_id")
    paid = [e for e in entries if e.source_event_id == event.id and e.user_id == author_id]
    if paid:
        points = sum(e.points for e in paid)
        unit = "point" if points == 1 else "points"
        if all(e.id in uncounted for e in paid):
            return (
                f"Thank you! The author's +{points} {unit} from your claps waits for review "
                "(new accounts and close pairs are checked first)."
            )
        return f"Thank you! Your claps earned the author +{points} {unit}."
    if rule is not None and rule.daily_cap is not None and author_id is not None:
        row = db.session.get(GameState, author_id)
        tally = (row.points_today or {}).get(rule.key) if row else None
        today = cap_day(event.occurred_at).isoformat()
        if tally and str(tally[0]) == today and int(tally[1]) >= rule.daily_cap:
            return "Thank you! The author has reached today's limit of points from claps."
    return (
        "Thank you! Claps reward the author with one point per colleague, "
        "and your earlier claps already gave it."
    )


def counted_completions(user: Any) -> int:
    """Completions that count for badges and points (the engine's ``completions`` counter:
    first completions of colleagues' modules, read long enough) — the one source every page
    quotes next to the plain number of modules completed."""
    row = db.session.get(GameState, user.id)
    return int((row.counters or {}).get("completions", 0)) if row is not None else 0


def min_reading_seconds() -> float:
    """The reading minimum a completion needs to count, as the engine applies it."""
    return active_catalog().settings.min_reading_seconds


def rule_names() -> dict[str, str]:
    """Rule key → the rule in plain words (points history shows these, not keys)."""
    return {rule.key: rule.description for rule in active_catalog().rules}


def in_words(reward: Reward) -> str:
    """The reward in one sentence, for a flash message after a redirect to another page."""
    parts = [f"{line.points:+d} {line.rule}" for line in reward.lines if not line.held]
    said = f"You earned {', '.join(parts)}." if parts else ""
    if reward.held_points:
        said += f" {reward.held_points} points wait for review."
    said += "".join(f" New badge: {badge.name}!" for badge in reward.badges)
    if not parts and reward.messages:
        said += " " + reward.messages[0]
    return said.strip()
