"""Pure evaluation, no app: every default rule, anti-gaming, caps per UTC
day, dedupe keys that survive undo/redo, badge counters and every badge criterion kind."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from peerlearn.gamification.evaluation import (
    CounterBump,
    DailyTally,
    EventFacts,
    Grant,
    UserState,
    apply_bump,
    apply_grant,
    badges_crossed,
    counter_bumps,
    counts_for_streak,
    criterion_progress,
    evaluate,
    reversal_key,
)
from peerlearn.gamification.rules import (
    BadgeDefinition,
    CountAtLeast,
    DistinctTagsAtLeast,
    FirstOf,
    PointsRule,
    Settings,
    StreakAtLeast,
    load_defaults,
)
from peerlearn.gamification.streaks import StreakState

CATALOG = load_defaults()
SETTINGS = Settings(min_reading_seconds=30)
NOW = datetime(2024, 5, 14, 10, 0, tzinfo=UTC)
LEARNER, AUTHOR, PEER = 1, 2, 3
MODULE = 40


def facts(verb: str, **changes: Any) -> EventFacts:
    """A plausible event by LEARNER on AUTHOR's MODULE, read for two minutes."""
    base: dict[str, Any] = {
        "verb": verb,
        "actor_id": LEARNER,
        "author_id": AUTHOR,
        "object_id": MODULE,
        "occurred_at": NOW,
        "reading_seconds": 120.0,
    }
    return EventFacts(**{**base, **changes})


class World:
    """A minimal in-memory adapter: a ledger with unique dedupe keys, states, counters."""

    def __init__(
        self, rules: tuple[PointsRule, ...] = CATALOG.rules, zones: dict[int, str] | None = None
    ) -> None:
        self.rules, self.zones = rules, zones or {}
        self.states: dict[int, UserState] = {}
        self.ledger: dict[str, Grant] = {}
        self.counted: set[str] = set()

    def state(self, user: int) -> UserState:
        if user not in self.states:
            self.states[user] = UserState(user, tz_name=self.zones.get(user, "UTC"))
        return self.states[user]

    def handle(self, event: EventFacts) -> list[Grant]:
        written = []
        for grant in evaluate(event, self.rules, self.state, SETTINGS):
            if grant.dedupe_key in self.ledger:  # the unique constraint: a no-op
                continue
            self.ledger[grant.dedupe_key] = grant
            for user in {grant.user_id, grant.actor_id}:
                self.states[user] = apply_grant(self.state(user), grant)
            written.append(grant)
        for bump in counter_bumps(event, SETTINGS):
            if bump.dedupe_key not in self.counted:
                self.counted.add(bump.dedupe_key)
                self.states[bump.user_id] = apply_bump(self.state(bump.user_id), bump)
        return written

    def points(self, user: int) -> int:
        return self.state(user).points_total


def awarded(grants: list[Grant]) -> dict[tuple[int, str], int]:
    return {(g.user_id, g.rule_key): g.points for g in grants}


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (facts("module_completed"), {(LEARNER, "complete"): 10, (AUTHOR, "peer_completion"): 2}),
        (facts("quiz_passed", quiz_first_try=True), {(LEARNER, "quiz_first_try"): 5}),
        (facts("module_published", actor_id=AUTHOR), {(AUTHOR, "publish"): 50}),
        (facts("module_published", actor_id=PEER), {(AUTHOR, "publish"): 50}),
        (facts("module_clapped"), {(AUTHOR, "clap_received"): 1}),
        (facts("comment_marked_helpful", actor_id=PEER), {(AUTHOR, "helpful_comment"): 3}),
        (facts("review_decided", revision_id=7, decision="approve"), {(LEARNER, "review"): 5}),
        (
            facts("streak_reached", author_id=None, object_id=None, streak_days=7),
            {(LEARNER, "streak_bonus"): 20},
        ),
        (facts("request_fulfilled", actor_id=PEER), {(AUTHOR, "request_fulfilled"): 25}),
    ],
    ids=lambda value: value.verb if isinstance(value, EventFacts) else "",
)
def test_every_default_rule(event: EventFacts, expected: dict[tuple[int, str], int]) -> None:
    grants = evaluate(event, CATALOG.rules, UserState, SETTINGS)
    assert awarded(grants) == expected
    rules = {rule.key: rule for rule in CATALOG.rules}
    for grant in grants:
        capped_in_issue_10 = {"review", "helpful_comment", "request_fulfilled"}
        expected_version = 2 if grant.rule_key in capped_in_issue_10 else 1
        assert grant.rule_version == rules[grant.rule_key].version == expected_version
        assert grant.reason == rules[grant.rule_key].description
        assert grant.cap_day == date(2024, 5, 14)


@pytest.mark.parametrize(
    "event",
    [
        facts("module_completed", first_time=False),
        facts("module_published", first_time=False),
        facts("quiz_passed", quiz_first_try=False),
        facts("quiz_passed", quiz_first_try=None),
        facts("streak_reached", streak_days=8),
        facts("streak_reached", streak_days=None),
        facts("module_clapped", author_id=None),
        facts("review_decided", revision_id=7, decision="request_changes"),
        facts("review_decided", revision_id=7, decision=None),
    ],
)
def test_conditions_not_met_earn_nothing(event: EventFacts) -> None:
    assert evaluate(event, CATALOG.rules, UserState, SETTINGS) == []


def test_streak_bonus_every_seven_days_once_per_local_date() -> None:
    world = World()
    first = facts("streak_reached", streak_days=7)
    assert awarded(world.handle(first)) == {(LEARNER, "streak_bonus"): 20}
    assert world.handle(first) == []
    later = facts("streak_reached", streak_days=14, occurred_at=NOW + timedelta(days=7))
    assert awarded(world.handle(later)) == {(LEARNER, "streak_bonus"): 20}


@pytest.mark.parametrize(
    "verb",
    [
        "module_completed",
        "quiz_passed",
        "module_clapped",
        "comment_marked_helpful",
        "review_decided",
        "request_fulfilled",
    ],
)
@pytest.mark.parametrize("how", ["same ids", "flag"])
def test_nothing_for_acting_on_your_own_module(verb: str, how: str) -> None:
    change = {"actor_id": AUTHOR} if how == "same ids" else {"self_action": True}
    event = facts(verb, quiz_first_try=True, revision_id=1, **change)
    assert evaluate(event, CATALOG.rules, UserState, SETTINGS) == []
    assert counter_bumps(event, SETTINGS) == []
    assert not counts_for_streak(event, SETTINGS)


def test_daily_cap_grants_partially_then_nothing() -> None:
    rule = PointsRule("tip", "module_clapped", "author", 3, 10, 1, "A tip")
    world = World(rules=(rule,))
    got = [world.handle(facts("module_clapped", actor_id=100 + n)) for n in range(5)]
    assert [g[0].points if g else 0 for g in got] == [3, 3, 3, 1, 0]
    assert got[3][0].reason == "A tip (daily limit of 10 reached)"
    assert world.points(AUTHOR) == 10
    assert world.state(AUTHOR).points_today == {"tip": DailyTally(date(2024, 5, 14), 10)}


def test_default_peer_completion_cap_is_twenty_a_day() -> None:
    world = World()
    for learner in range(100, 115):
        world.handle(facts("module_completed", actor_id=learner))
    assert world.points(AUTHOR) == 20
    assert len(world.ledger) == 15 + 10  # every learner's +10; only ten +2s fitted the cap


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/New_York", "Etc/GMT+12", "Etc/GMT-14"])
def test_cap_resets_at_utc_midnight_whatever_the_beneficiarys_zone(zone: str) -> None:
    rule = PointsRule("tip", "module_clapped", "author", 5, 5, 1, "A tip")
    world = World(rules=(rule,), zones={AUTHOR: zone})
    before = datetime(2024, 5, 14, 23, 59, tzinfo=UTC)
    assert world.handle(facts("module_clapped", actor_id=100, occurred_at=before))
    capped = world.handle(facts("module_clapped", actor_id=101, occurred_at=before))
    assert capped == []
    after = before + timedelta(minutes=2)  # the next UTC day
    [granted] = world.handle(facts("module_clapped", actor_id=102, occurred_at=after))
    assert granted.cap_day == date(2024, 5, 15)


def test_a_zone_change_does_not_reopen_the_cap() -> None:
    rule = PointsRule("tip", "module_clapped", "author", 5, 5, 1, "A tip")
    world = World(rules=(rule,), zones={AUTHOR: "Etc/GMT+12"})
    at = datetime(2024, 5, 14, 11, 0, tzinfo=UTC)  # the 13th in UTC-12, the 14th in UTC
    assert world.handle(facts("module_clapped", actor_id=100, occurred_at=at))
    world.states[AUTHOR] = replace(world.state(AUTHOR), tz_name="Etc/GMT-14")
    later = at + timedelta(seconds=31)
    assert world.handle(facts("module_clapped", actor_id=101, occurred_at=later)) == []
    assert world.points(AUTHOR) == 5


@pytest.mark.parametrize(
    ("seconds", "counts"), [(None, False), (5.0, False), (29.9, False), (30, True)]
)
def test_minimum_reading_time_before_a_completion_counts(
    seconds: float | None, counts: bool
) -> None:
    event = facts("module_completed", reading_seconds=seconds)
    grants = evaluate(event, CATALOG.rules, UserState, SETTINGS)
    assert bool(grants) is counts
    assert any(b.counter == "completions" for b in counter_bumps(event, SETTINGS)) is counts
    assert counts_for_streak(event, SETTINGS) is counts


def test_minimum_interval_between_identical_actions_of_one_actor() -> None:
    world = World()
    assert world.handle(facts("module_completed"))
    quick = facts("module_completed", object_id=41, occurred_at=NOW + timedelta(seconds=10))
    assert world.handle(quick) == []  # neither the learner's +10 nor the author's +2
    calm = facts("module_completed", object_id=42, occurred_at=NOW + timedelta(seconds=30))
    assert awarded(world.handle(calm)) == {
        (LEARNER, "complete"): 10,
        (AUTHOR, "peer_completion"): 2,
    }


def test_minimum_interval_follows_the_actor_across_authors() -> None:
    world = World()
    assert world.handle(facts("module_clapped"))
    soon = NOW + timedelta(seconds=2)
    peers_module = facts("module_clapped", author_id=PEER, object_id=41, occurred_at=soon)
    assert world.handle(peers_module) == []
    other_clapper = facts("module_clapped", actor_id=9, occurred_at=NOW + timedelta(seconds=1))
    assert world.handle(other_clapper)  # another colleague is not throttled by the first
    assert world.state(LEARNER).last_triggered_at == {"clap_received": NOW}
    assert world.state(AUTHOR).last_triggered_at == {}


def test_undo_and_redo_earns_nothing_twice() -> None:
    world = World()
    clap = facts("module_clapped")
    assert awarded(world.handle(clap)) == {(AUTHOR, "clap_received"): 1}
    # the learner unclaps (no rule), then claps again a day later
    again = replace(clap, occurred_at=NOW + timedelta(days=1))
    assert (
        evaluate(again, world.rules, world.state, SETTINGS)[0].dedupe_key == "clap_received:2:1:40"
    )
    assert world.handle(again) == []
    assert world.points(AUTHOR) == 1
    assert world.state(AUTHOR).counters == {"claps_received": 1}
    helpful = facts("comment_marked_helpful", actor_id=PEER, object_id=500)
    world.handle(helpful)
    assert world.handle(replace(helpful, actor_id=7, occurred_at=NOW + timedelta(hours=1))) == []


def test_once_per_person_per_module_whatever_the_revision() -> None:
    world = World()
    assert world.handle(facts("module_completed", revision_id=1))
    later = NOW + timedelta(days=30)
    grants = evaluate(
        facts("module_completed", revision_id=2, occurred_at=later),
        world.rules,
        UserState,
        SETTINGS,
    )
    assert {g.dedupe_key for g in grants} == {"complete:1:40", "peer_completion:2:1:40"}
    assert world.handle(facts("module_completed", revision_id=2, occurred_at=later)) == []


def test_each_revision_reviewed_counts_once() -> None:
    world = World()
    first = facts("review_decided", revision_id=1, decision="approve")
    assert world.handle(first)[0].dedupe_key == "review:1:40:1"
    redo = replace(first, decision="reject", occurred_at=NOW + timedelta(minutes=5))
    assert world.handle(redo) == []  # a decision reversed and made again
    next_revision = replace(first, revision_id=2, occurred_at=NOW + timedelta(days=2))
    assert world.handle(next_revision)
    assert world.state(LEARNER).counters == {"reviews": 2}


def test_change_request_rounds_pay_nothing_and_count_no_review() -> None:
    world = World()
    for round_ in range(5):
        at = NOW + timedelta(minutes=round_)
        rounds = facts("review_decided", revision_id=round_, decision="request_changes")
        assert world.handle(replace(rounds, occurred_at=at)) == []
    final = facts("review_decided", revision_id=5, decision="approve")
    assert awarded(world.handle(replace(final, occurred_at=NOW + timedelta(hours=1)))) == {
        (LEARNER, "review"): 5
    }
    assert world.state(LEARNER).counters == {"reviews": 1}


@pytest.mark.parametrize(
    ("verb", "each", "cap"),
    [("comment_marked_helpful", 3, 15), ("review_decided", 5, 50), ("request_fulfilled", 25, 25)],
)
def test_every_paying_peer_rule_has_a_daily_cap(verb: str, each: int, cap: int) -> None:
    world = World()
    beneficiary = LEARNER if verb == "review_decided" else AUTHOR
    for n in range(30):
        at = NOW + timedelta(minutes=n)  # past every minimum interval
        world.handle(facts(verb, actor_id=LEARNER if verb == "review_decided" else 100 + n,
                           object_id=1000 + n, revision_id=n, decision="approve",
                           occurred_at=at))  # fmt: skip
    assert world.points(beneficiary) == cap
    assert cap % each == 0


def test_a_retried_event_changes_nothing_and_keeps_the_cap_intact() -> None:
    world = World()
    event = facts("module_completed")
    world.handle(event)
    assert world.handle(event) == []
    assert world.points(LEARNER) == 10
    assert world.state(AUTHOR).points_on("peer_completion", date(2024, 5, 14)) == 2


def test_a_new_rule_version_does_not_award_again() -> None:
    world = World()
    world.handle(facts("module_completed"))
    world.rules = tuple(replace(r, version=r.version + 1, points=r.points * 2) for r in world.rules)
    assert world.handle(facts("module_completed", occurred_at=NOW + timedelta(hours=1))) == []


def test_counter_bumps_and_tags() -> None:
    event = facts("module_completed", tags=("Security", " security ", "GDPR", ""))
    assert counter_bumps(event, SETTINGS) == [
        CounterBump(LEARNER, "completions", "count:completions:1:40", ("gdpr", "security"))
    ]
    state = apply_bump(UserState(LEARNER), counter_bumps(event, SETTINGS)[0])
    assert state.counters == {"completions": 1}
    assert state.tags == {"gdpr", "security"}
    clap = counter_bumps(facts("module_clapped", tags=("x",)), SETTINGS)
    assert clap == [CounterBump(AUTHOR, "claps_received", "count:claps_received:2:1:40")]


def test_apply_grant_updates_beneficiary_and_actor_separately() -> None:
    grant = evaluate(facts("module_clapped"), CATALOG.rules, UserState, SETTINGS)[0]
    author = apply_grant(UserState(AUTHOR), grant)
    clapper = apply_grant(UserState(LEARNER), grant)
    bystander = apply_grant(UserState(PEER), grant)
    assert (author.points_total, author.last_triggered_at) == (1, {})
    assert (clapper.points_total, clapper.last_triggered_at) == (0, {"clap_received": NOW})
    assert bystander == UserState(PEER)


def test_yesterdays_tally_does_not_count_today() -> None:
    state = UserState(AUTHOR, points_today={"clap_received": DailyTally(date(2024, 5, 13), 25)})
    assert state.points_on("clap_received", date(2024, 5, 14)) == 0
    assert evaluate(facts("module_clapped"), CATALOG.rules, lambda _: state, SETTINGS)


def state_with(**changes: Any) -> UserState:
    return replace(UserState(LEARNER), **changes)


def badge(key: str, criterion: Any) -> BadgeDefinition:
    return BadgeDefinition(key, key.title(), "", "bronze", criterion)


@pytest.mark.parametrize(
    ("criterion", "below", "at"),
    [
        (CountAtLeast("completions", 10), state_with(counters={"completions": 9}),
         state_with(counters={"completions": 10})),
        (FirstOf("publications"), state_with(counters={"completions": 3}),
         state_with(counters={"publications": 1})),
        (StreakAtLeast(7), state_with(streak=StreakState(current=6, longest=6)),
         state_with(streak=StreakState(current=1, longest=7))),
        (DistinctTagsAtLeast(5), state_with(tags=frozenset("abcd")),
         state_with(tags=frozenset("abcde"))),
    ],
)  # fmt: skip
def test_each_badge_criterion(criterion: Any, below: UserState, at: UserState) -> None:
    definition = badge("some_badge", criterion)
    assert badges_crossed(below, [definition]) == []
    assert badges_crossed(at, [definition]) == [definition]
    assert badges_crossed(replace(at, badges=frozenset({"some_badge"})), [definition]) == []
    assert criterion_progress(criterion, below) == (criterion.target - 1, criterion.target)
    assert criterion_progress(criterion, at) == (criterion.target, criterion.target)


def test_default_badges_crossed_by_a_learner() -> None:
    world = World()
    tags = ["a", "b", "c", "d", "e"]
    for n, tag in enumerate(tags):
        world.handle(
            facts(
                "module_completed", object_id=n, tags=(tag,), occurred_at=NOW + timedelta(minutes=n)
            )
        )
    crossed = {b.key for b in badges_crossed(world.state(LEARNER), CATALOG.badges)}
    assert crossed == {"first_completion", "topics_5"}
    assert {b.key for b in badges_crossed(world.state(AUTHOR), CATALOG.badges)} == set()


def test_event_facts_and_state_reject_bad_inputs() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        facts("module_completed", occurred_at=datetime(2024, 5, 14, 10, 0))
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        UserState(1, tz_name="Mars/Olympus")


def test_reversal_key() -> None:
    assert reversal_key("complete:1:40") == "reversal:complete:1:40"
