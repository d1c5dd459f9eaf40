"""Pure evaluation of learning events against the rules: no Flask, no SQLAlchemy.

The adapter (``handlers.py``) turns a learning event into :class:`EventFacts`, loads a
:class:`UserState` per user, calls :func:`evaluate` and :func:`counter_bumps`, writes a
ledger row per :class:`Grant` (its unique ``dedupe_key`` turns a repeat into a no-op) and
folds only what it actually wrote back into the states with :func:`apply_grant` /
:func:`apply_bump`; then :func:`badges_crossed` names the badges to award. ``replay`` runs
the same fold over the stored events, so live and replay cannot disagree.

Anti-gaming lives here: nothing for acting on your own module, daily caps per UTC day
(:func:`cap_day`: a partial grant up to the cap, then nothing; the beneficiary's time zone
plays no part, so changing it cannot open a fresh "day"), a minimum reading
time before a completion counts, a minimum interval between identical actions of one actor,
and dedupe keys built only from who and what (never the time, the module's revision or the
event id), so undoing and redoing an action, retrying a request or completing a new
revision of a module never earns twice. The cost of an event is flat: a state holds
counters and today's tallies, never the user's history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from peerlearn.gamification.rules import (
    COUNTERS,
    BadgeCriterion,
    BadgeDefinition,
    CountAtLeast,
    CounterSpec,
    DistinctTagsAtLeast,
    PointsRule,
    Settings,
    StreakAtLeast,
)
from peerlearn.gamification.streaks import STREAK_MILESTONE_DAYS, StreakState, local_date, zone

FINAL_DECISIONS = frozenset({"approve", "reject"})
"""Review decisions that end a review; ``request_changes`` continues it (condition
``final_decision``), so a loop of change requests and resubmissions earns nothing."""


def cap_day(moment: datetime) -> date:
    """The day a daily cap counts ``moment`` in: its UTC date, for everyone.

    Not the person's local date: a profile's time zone is theirs to change at any moment, and
    counting caps by it let a change of zone open a fresh "day" (and a fresh cap) at will.
    A UTC day is 24 real hours for everyone, and replay finds the same days as live handling."""
    return local_date(moment, "UTC")


@dataclass(frozen=True)
class EventFacts:
    """What the rules need to know about one learning event (the adapter fills it in)."""

    verb: str  # one of rules.VERBS
    actor_id: int  # who did it
    author_id: int | None  # the object's author: the module's, or the comment's (helpful)
    object_id: int | None  # module id; comment id (helpful); request id (request_fulfilled)
    occurred_at: datetime  # aware; caps count it on its UTC date (cap_day)
    first_time: bool = True  # actor's first completion of the module / its first publication
    self_action: bool = False  # actor is the module's author (also assumed if actor == author)
    reading_seconds: float | None = None  # time spent reading; None never meets the minimum
    quiz_first_try: bool | None = None  # quiz_passed: passed on the first attempt
    tags: tuple[str, ...] = ()  # the module's topics, for "distinct tags completed"
    revision_id: int | None = None  # the revision read or reviewed (review keys use it)
    streak_days: int | None = None  # streak_reached: the streak length just reached
    decision: str | None = None  # review_decided: 'approve', 'request_changes' or 'reject'

    def __post_init__(self) -> None:
        local_date(self.occurred_at, "UTC")  # rejects a naive datetime

    @property
    def is_self(self) -> bool:
        """Whether the actor acts on something they authored."""
        return self.self_action or (self.author_id is not None and self.author_id == self.actor_id)


@dataclass(frozen=True)
class DailyTally:
    """Points a user received under one rule on one UTC day (:func:`cap_day`)."""

    day: date
    points: int


@dataclass(frozen=True)
class UserState:
    """One user's running state; its size never grows with the user's history.

    tz_name: the user's IANA time zone (their local days, for streaks only).
    points_today: rule key → points received on the tally's UTC day (daily caps).
    last_triggered_at: rule key → when this user, as actor, last caused an award (intervals).
    counters: counter name (rules.COUNTERS) → count; tags: distinct topics completed.
    streak: see :mod:`peerlearn.gamification.streaks`; badges: keys of badges held.
    """

    user_id: int
    tz_name: str = "UTC"
    points_total: int = 0
    points_today: Mapping[str, DailyTally] = field(default_factory=dict)
    last_triggered_at: Mapping[str, datetime] = field(default_factory=dict)
    counters: Mapping[str, int] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()
    streak: StreakState = field(default_factory=StreakState)
    badges: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        zone(self.tz_name)  # rejects an unknown time zone early

    def points_on(self, rule_key: str, day: date) -> int:
        """Points received under ``rule_key`` on the UTC day ``day``."""
        tally = self.points_today.get(rule_key)
        return tally.points if tally is not None and tally.day == day else 0


@dataclass(frozen=True)
class Grant:
    """Points for one user from one rule: the ledger row the adapter writes.

    ``actor_id``, ``occurred_at`` and ``cap_day`` (the UTC day the cap counts it on)
    let :func:`apply_grant` update the beneficiary's and the actor's state.
    """

    user_id: int
    rule_key: str
    rule_version: int
    points: int
    reason: str
    dedupe_key: str
    actor_id: int
    occurred_at: datetime
    cap_day: date


@dataclass(frozen=True)
class CounterBump:
    """+1 on a badge counter for a user (plus the topics of a completion).

    Apply it once per ``dedupe_key``: a clap undone and redone bumps once."""

    user_id: int
    counter: str
    dedupe_key: str
    tags: tuple[str, ...] = ()


def _meets(spec: PointsRule | CounterSpec, event: EventFacts, settings: Settings) -> bool:
    if event.verb != spec.verb or (event.is_self and not spec.allow_self_action):
        return False
    for condition in spec.conditions:
        if condition == "first_time":
            ok = event.first_time
        elif condition == "quiz_first_try":
            ok = event.quiz_first_try is True
        elif condition == "final_decision":
            ok = event.decision in FINAL_DECISIONS
        elif condition == "min_reading_time":
            seconds = event.reading_seconds
            ok = seconds is not None and seconds >= settings.min_reading_seconds
        else:  # "streak_milestone"
            days = event.streak_days
            ok = days is not None and days > 0 and days % STREAK_MILESTONE_DAYS == 0
        if not ok:
            return False
    return True


def _beneficiary(spec: PointsRule | CounterSpec, event: EventFacts) -> int | None:
    return event.actor_id if spec.beneficiary == "actor" else event.author_id


def _key(template: str, name: str, user: int, event: EventFacts, day: date | None) -> str:
    values = {
        "rule": name,
        "user": user,
        "actor": event.actor_id,
        "author": event.author_id,
        "object": event.object_id,
        "revision": event.revision_id,
        "date": day.isoformat() if day else None,
    }
    return template.format(**{k: "-" if v is None else v for k, v in values.items()})


def evaluate(
    event: EventFacts,
    rules: Iterable[PointsRule],
    state_for: Callable[[int], UserState],
    settings: Settings,
) -> list[Grant]:
    """The points ``event`` earns under ``rules``, given each user's state now.

    ``state_for(user_id)`` is asked for the beneficiary (and, for a rule with a minimum
    interval, the actor). A grant is not awarded yet: the adapter writes it unless its
    ``dedupe_key`` exists, and only then folds it in with :func:`apply_grant`.
    """
    grants: list[Grant] = []
    for rule in rules:
        user = _beneficiary(rule, event)
        if user is None or rule.points == 0 or not _meets(rule, event, settings):
            continue
        state = state_for(user)
        if rule.min_interval_seconds is not None:
            actor_state = state if user == event.actor_id else state_for(event.actor_id)
            last = actor_state.last_triggered_at.get(rule.key)
            interval = timedelta(seconds=rule.min_interval_seconds)
            if last is not None and event.occurred_at - last < interval:
                continue
        day = cap_day(event.occurred_at)
        points, reason = rule.points, rule.description
        if rule.daily_cap is not None:
            points = min(points, rule.daily_cap - state.points_on(rule.key, day))
            if points <= 0:
                continue
            if points < rule.points:
                reason = f"{reason} (daily limit of {rule.daily_cap} reached)"
        grants.append(
            Grant(
                user_id=user,
                rule_key=rule.key,
                rule_version=rule.version,
                points=points,
                reason=reason,
                dedupe_key=_key(rule.dedupe, rule.key, user, event, day),
                actor_id=event.actor_id,
                occurred_at=event.occurred_at,
                cap_day=day,
            )
        )
    return grants


def apply_grant(state: UserState, grant: Grant) -> UserState:
    """``state`` after ``grant`` was written: the beneficiary's total and daily tally, and
    the actor's last-triggered time. Call it for both users when they differ."""
    if state.user_id == grant.user_id:
        so_far = state.points_on(grant.rule_key, grant.cap_day)
        tally = DailyTally(grant.cap_day, so_far + grant.points)
        state = replace(
            state,
            points_total=state.points_total + grant.points,
            points_today={**state.points_today, grant.rule_key: tally},
        )
    if state.user_id == grant.actor_id:
        times = {**state.last_triggered_at, grant.rule_key: grant.occurred_at}
        state = replace(state, last_triggered_at=times)
    return state


def counter_bumps(event: EventFacts, settings: Settings) -> list[CounterBump]:
    """The badge counters ``event`` moves, under the same anti-gaming conditions as points."""
    bumps = []
    for name, spec in COUNTERS.items():
        user = _beneficiary(spec, event)
        if user is None or not _meets(spec, event, settings):
            continue
        tags = {tag.strip().casefold() for tag in event.tags if tag.strip()}
        topics = tuple(sorted(tags)) if name == "completions" else ()
        bumps.append(CounterBump(user, name, _key(spec.dedupe, name, user, event, None), topics))
    return bumps


def apply_bump(state: UserState, bump: CounterBump) -> UserState:
    """``state`` after a counter bump whose dedupe key the adapter had not seen before."""
    counters = {**state.counters, bump.counter: state.counters.get(bump.counter, 0) + 1}
    return replace(state, counters=counters, tags=state.tags | set(bump.tags))


_STREAK_DAY = CounterSpec("module_completed", "actor", ("min_reading_time",))


def counts_for_streak(event: EventFacts, settings: Settings) -> bool:
    """Whether ``event`` makes its day count for the actor's streak: a completion, read
    long enough, of a module not their own. Repeat completions count (learning is learning);
    a day counts once whatever happens, so they cannot inflate anything."""
    return _meets(_STREAK_DAY, event, settings)


def reversal_key(dedupe_key: str) -> str:
    """The dedupe key of the negative entry that reverses the entry keyed ``dedupe_key``."""
    return f"reversal:{dedupe_key}"


def criterion_value(criterion: BadgeCriterion, state: UserState) -> int:
    """What ``state`` has reached on the measure ``criterion`` looks at."""
    if isinstance(criterion, StreakAtLeast):
        return state.streak.longest  # the longest streak was once current
    if isinstance(criterion, DistinctTagsAtLeast):
        return len(state.tags)
    if isinstance(criterion, CountAtLeast):  # FirstOf included
        return state.counters.get(criterion.counter, 0)
    raise TypeError(f"unknown badge criterion {criterion!r}")


def criterion_progress(criterion: BadgeCriterion, state: UserState) -> tuple[int, int]:
    """(reached so far, capped at the target; the target): a locked badge's progress."""
    return min(criterion_value(criterion, state), criterion.target), criterion.target


def badges_crossed(
    state: UserState, badge_defs: Iterable[BadgeDefinition]
) -> list[BadgeDefinition]:
    """Badges whose criteria ``state`` now meets and that the user does not hold yet."""
    return [
        badge
        for badge in badge_defs
        if badge.key not in state.badges
        and criterion_value(badge.criterion, state) >= badge.criterion.target
    ]
