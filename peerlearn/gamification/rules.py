"""Points rules, badge definitions and levels as data; levels arithmetic; the TOML loader.

Rules and badges are data (seeded from ``defaults.toml``, editable by admins), validated
here by the same code whether they come from the file, the database or the admin editor:
a bad entry raises a ``ValueError`` that names it. Evaluating events against these
definitions is :mod:`peerlearn.gamification.evaluation`; streaks are
:mod:`peerlearn.gamification.streaks`. No Flask, no SQLAlchemy here (a test asserts it).
"""

from __future__ import annotations

import re
import string
import tomllib
from abc import ABC, abstractmethod
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal, get_args

Beneficiary = Literal["actor", "author"]
Tier = Literal["bronze", "silver", "gold"]

VERBS = (
    "module_completed",
    "quiz_passed",
    "module_published",
    "module_clapped",
    "comment_marked_helpful",
    "review_decided",
    "request_fulfilled",
    "streak_reached",
)
"""The learning-event verbs rules and counters can react to."""

CONDITIONS = (
    "first_time",
    "quiz_first_try",
    "min_reading_time",
    "streak_milestone",
    "final_decision",
)
"""Named conditions a rule can require of an event (see ``evaluation._meets``)."""

PLACEHOLDERS = ("rule", "user", "actor", "author", "object", "revision", "date")
"""What a dedupe template may use; ``date`` is the event's UTC day (the cap's day)."""

DEFAULTS_PATH = Path(__file__).with_name("defaults.toml")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)


def _is_int(value: Any, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _check_key(key: Any) -> None:
    _check(isinstance(key, str) and bool(_KEY.match(key)), f"key must be snake_case, got {key!r}")


def _check_event_spec(
    verb: Any, beneficiary: Any, conditions: tuple[str, ...], dedupe: Any, allow_self: Any
) -> None:
    _check(verb in VERBS, f"verb must be one of {', '.join(VERBS)}; got {verb!r}")
    _check(
        beneficiary in get_args(Beneficiary),
        f"beneficiary must be actor or author: {beneficiary!r}",
    )
    unknown = sorted(set(conditions) - set(CONDITIONS))
    _check(not unknown, f"unknown conditions {unknown}; known: {', '.join(CONDITIONS)}")
    _check(isinstance(allow_self, bool), "allow_self_action must be true or false")
    _check(isinstance(dedupe, str), f"dedupe must be a template string, got {dedupe!r}")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(dedupe) if name is not None}
    except ValueError as exc:
        raise ValueError(f"dedupe template {dedupe!r} is malformed: {exc}") from None
    _check(names <= set(PLACEHOLDERS), f"dedupe placeholders must be among {PLACEHOLDERS}")
    _check({"rule", "user"} <= names, "dedupe template must contain {rule} and {user}")


@dataclass(frozen=True)
class Settings:
    """Engine settings.

    min_reading_seconds: a completion read faster than this earns nothing and counts nothing.
    weekends_free: the organisation's "weekends don't break a streak" switch.
    """

    min_reading_seconds: float = 30.0
    weekends_free: bool = False


@dataclass(frozen=True)
class PointsRule:
    """Points for ``beneficiary`` (the actor, or the author of the object) on ``verb``.

    daily_cap: most points per beneficiary per UTC day under this rule (None: uncapped).
    version: bumped on every edit, recorded on each grant; dedupe keys ignore it, so
      editing a rule never awards the same thing twice.
    min_interval_seconds: an actor's identical actions closer together than this earn nothing.
    conditions: names from :data:`CONDITIONS` the event must meet.
    allow_self_action: grant even when the actor is the author (publication only).
    dedupe: ledger key template over :data:`PLACEHOLDERS`, deciding "once per what";
      by default ``{rule}:{user}:{object}`` (actor rules) or ``{rule}:{user}:{actor}:{object}``.
    """

    key: str
    verb: str
    beneficiary: Beneficiary
    points: int
    daily_cap: int | None
    version: int
    description: str
    min_interval_seconds: int | None = None
    conditions: tuple[str, ...] = ()
    allow_self_action: bool = False
    dedupe: str = ""

    def __post_init__(self) -> None:
        _check_key(self.key)
        _check(_is_int(self.points, 0), f"points must be an integer >= 0, got {self.points!r}")
        cap, gap = self.daily_cap, self.min_interval_seconds
        _check(cap is None or _is_int(cap, 1), f"daily_cap must be an integer >= 1, got {cap!r}")
        _check(gap is None or _is_int(gap, 1), f"min_interval_seconds must be >= 1, got {gap!r}")
        _check(_is_int(self.version, 1), f"version must be an integer >= 1, got {self.version!r}")
        described = isinstance(self.description, str) and bool(self.description.strip())
        _check(described, "description must be a non-empty string")
        if not self.dedupe:
            by_actor = self.beneficiary == "actor"
            default = "{rule}:{user}:{object}" if by_actor else "{rule}:{user}:{actor}:{object}"
            object.__setattr__(self, "dedupe", default)
        object.__setattr__(self, "conditions", tuple(self.conditions))
        _check_event_spec(
            self.verb, self.beneficiary, self.conditions, self.dedupe, self.allow_self_action
        )


@dataclass(frozen=True)
class CounterSpec:
    """Which events bump a badge counter and for whom, once per ``dedupe`` key."""

    verb: str
    beneficiary: Beneficiary
    conditions: tuple[str, ...] = ()
    allow_self_action: bool = False
    dedupe: str = "count:{rule}:{user}:{object}"


COUNTERS: Mapping[str, CounterSpec] = {
    "completions": CounterSpec("module_completed", "actor", ("first_time", "min_reading_time")),
    "quizzes_first_try": CounterSpec("quiz_passed", "actor", ("quiz_first_try",)),
    "publications": CounterSpec("module_published", "author", ("first_time",), True),
    "claps_received": CounterSpec(
        "module_clapped", "author", dedupe="count:{rule}:{user}:{actor}:{object}"
    ),
    "helpful_comments": CounterSpec(  # each colleague who found you helpful counts once
        "comment_marked_helpful", "author", dedupe="count:{rule}:{user}:{actor}"
    ),
    "reviews": CounterSpec(
        "review_decided",
        "actor",
        ("final_decision",),  # approve/reject; a change-request round is not a review
        dedupe="count:{rule}:{user}:{object}:{revision}",
    ),
    "requests_fulfilled": CounterSpec("request_fulfilled", "author"),
}
"""The badge counters (a fixed vocabulary in code). Completions also collect tags."""


class BadgeCriterion(ABC):
    """Base of the badge criteria: a measure of the user's state against ``target``."""

    kind: ClassVar[str] = ""

    @property
    @abstractmethod
    def target(self) -> int:
        """The value at which the criterion is met."""


@dataclass(frozen=True)
class CountAtLeast(BadgeCriterion):
    """A counter (see :data:`COUNTERS`) has reached ``at_least``."""

    counter: str
    at_least: int
    kind: ClassVar[str] = "count"

    def __post_init__(self) -> None:
        known = ", ".join(COUNTERS)
        _check(self.counter in COUNTERS, f"unknown counter {self.counter!r}; known: {known}")
        _check(_is_int(self.at_least, 1), f"at_least must be an integer >= 1: {self.at_least!r}")

    @property
    def target(self) -> int:
        return self.at_least


@dataclass(frozen=True)
class FirstOf(CountAtLeast):
    """First of a kind: the counter has reached 1."""

    at_least: int = 1
    kind: ClassVar[str] = "first"


@dataclass(frozen=True)
class StreakAtLeast(BadgeCriterion):
    """A learning streak of ``days`` days has been reached."""

    days: int
    kind: ClassVar[str] = "streak"

    def __post_init__(self) -> None:
        _check(_is_int(self.days, 1), f"days must be an integer >= 1, got {self.days!r}")

    @property
    def target(self) -> int:
        return self.days


@dataclass(frozen=True)
class DistinctTagsAtLeast(BadgeCriterion):
    """Modules on ``at_least`` distinct tags (topics) completed."""

    at_least: int
    kind: ClassVar[str] = "distinct_tags"

    def __post_init__(self) -> None:
        _check(_is_int(self.at_least, 1), f"at_least must be an integer >= 1: {self.at_least!r}")

    @property
    def target(self) -> int:
        return self.at_least


CRITERIA: Mapping[str, tuple[type[BadgeCriterion], frozenset[str]]] = {
    "count": (CountAtLeast, frozenset({"counter", "at_least"})),
    "first": (FirstOf, frozenset({"counter"})),
    "streak": (StreakAtLeast, frozenset({"days"})),
    "distinct_tags": (DistinctTagsAtLeast, frozenset({"at_least"})),
}
"""Criterion kind → (class, its fields) as written in TOML."""


@dataclass(frozen=True)
class BadgeDefinition:
    """A badge, awarded once, when its ``criterion`` is first met."""

    key: str
    name: str
    description: str
    tier: Tier
    criterion: BadgeCriterion
    version: int = 1

    def __post_init__(self) -> None:
        _check_key(self.key)
        _check(isinstance(self.name, str) and bool(self.name.strip()), "name must not be empty")
        _check(isinstance(self.description, str), "description must be a string")
        _check(self.tier in get_args(Tier), f"tier must be bronze, silver or gold: {self.tier!r}")
        _check(isinstance(self.criterion, BadgeCriterion), "criterion must be a BadgeCriterion")
        _check(_is_int(self.version, 1), f"version must be an integer >= 1, got {self.version!r}")


@dataclass(frozen=True)
class Level:
    """A named level, reached at ``min_points`` total points."""

    number: int
    name: str
    min_points: int


@dataclass(frozen=True)
class LevelProgress:
    """Where a total stands: its level, the next one (None at the top), a fraction 0..1."""

    current: Level
    next: Level | None
    fraction: float


def level_for(points: int, levels: Sequence[Level]) -> Level:
    """The highest level whose threshold ``points`` reaches (the lowest for negative totals)."""
    _check(bool(levels), "no levels defined")
    ordered = sorted(levels, key=lambda level: level.min_points)
    index = bisect_right([level.min_points for level in ordered], points) - 1
    return ordered[max(index, 0)]


def progress_to_next(points: int, levels: Sequence[Level]) -> LevelProgress:
    """The current level, the next one, and how far ``points`` has come between them."""
    current = level_for(points, levels)
    above = [level for level in levels if level.min_points > current.min_points]
    if not above:
        return LevelProgress(current, None, 1.0)
    upcoming = min(above, key=lambda level: level.min_points)
    fraction = (points - current.min_points) / (upcoming.min_points - current.min_points)
    return LevelProgress(current, upcoming, min(max(fraction, 0.0), 1.0))


@dataclass(frozen=True)
class Catalog:
    """Everything ``defaults.toml`` defines."""

    rules: tuple[PointsRule, ...]
    badges: tuple[BadgeDefinition, ...]
    levels: tuple[Level, ...]
    settings: Settings


def _fields(entry: Any, where: str, required: set[str], optional: set[str]) -> dict[str, Any]:
    _check(isinstance(entry, Mapping), f"{where}: expected a table, got {type(entry).__name__}")
    unknown = sorted(set(entry) - required - optional)
    _check(not unknown, f"{where}: unknown field(s) {', '.join(unknown)}")
    missing = sorted(required - set(entry))
    _check(not missing, f"{where}: missing field(s) {', '.join(missing)}")
    return dict(entry)


def _named(where: str, entry: Any) -> str:
    key = entry.get("key") if isinstance(entry, Mapping) else None
    return f"{where} (key={key!r})" if key is not None else where


def parse_rule(entry: Any, where: str = "rule") -> PointsRule:
    """A validated :class:`PointsRule` from a TOML/JSON table; ValueError names ``where``."""
    where = _named(where, entry)
    required = {"key", "verb", "beneficiary", "points", "version", "description"}
    optional = {"daily_cap", "min_interval_seconds", "conditions", "allow_self_action", "dedupe"}
    fields = _fields(entry, where, required, optional)
    conditions = fields.get("conditions", [])
    names_only = isinstance(conditions, list | tuple) and all(
        isinstance(c, str) for c in conditions
    )
    _check(names_only, f"{where}: conditions must be a list of names")
    fields["conditions"] = tuple(conditions)
    try:
        return PointsRule(**{"daily_cap": None, **fields})
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


def parse_badge(entry: Any, where: str = "badge") -> BadgeDefinition:
    """A validated :class:`BadgeDefinition` from a table with an inline ``criterion`` table
    (``{kind = "count" | "first" | "streak" | "distinct_tags", ...}``)."""
    where = _named(where, entry)
    required = {"key", "name", "description", "tier", "criterion"}
    fields = _fields(entry, where, required, {"version"})
    raw = fields["criterion"]
    kind = raw.get("kind") if isinstance(raw, Mapping) else None
    _check(
        isinstance(kind, str) and kind in CRITERIA,
        f"{where}: criterion kind must be one of {', '.join(CRITERIA)}",
    )
    cls, names = CRITERIA[kind]
    args = _fields(raw, f"{where}: criterion", names | {"kind"}, set())
    del args["kind"]
    try:
        return BadgeDefinition(**{**fields, "criterion": cls(**args)})
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


def parse_levels(entries: Any, where: str = "levels") -> tuple[Level, ...]:
    """Validated levels: numbered 1, 2, … in order, the first at 0 points, thresholds rising."""
    _check(isinstance(entries, list) and bool(entries), f"{where}: expected a non-empty list")
    levels = []
    for index, entry in enumerate(entries):
        here = f"{where}[{index}]"
        fields = _fields(entry, here, {"number", "name", "min_points"}, set())
        number, name, min_points = fields["number"], fields["name"], fields["min_points"]
        _check(number == index + 1 and _is_int(number, 1), f"{here}: number must be {index + 1}")
        _check(isinstance(name, str) and bool(name.strip()), f"{here}: name must not be empty")
        floor = levels[-1].min_points + 1 if levels else 0
        rising = _is_int(min_points, floor) and (bool(levels) or min_points == 0)
        _check(rising, f"{here} ({name!r}): min_points must be 0 for the first level, then rise")
        levels.append(Level(number, name, min_points))
    return tuple(levels)


def parse_settings(entry: Any, where: str = "settings") -> Settings:
    """Validated :class:`Settings` from a table (every field optional)."""
    fields = _fields(entry, where, set(), {"min_reading_seconds", "weekends_free"})
    seconds = fields.get("min_reading_seconds", Settings.min_reading_seconds)
    ok = isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds >= 0
    _check(ok, f"{where}: min_reading_seconds must be a number >= 0")
    weekends_free = fields.get("weekends_free", False)
    _check(isinstance(weekends_free, bool), f"{where}: weekends_free must be true or false")
    return Settings(float(seconds), weekends_free)


def parse_catalog(data: Mapping[str, Any], source: str = "catalog") -> Catalog:
    """A validated :class:`Catalog` from parsed TOML; keys must be unique."""
    _fields(data, source, {"rules", "badges", "levels"}, {"settings"})
    _check(isinstance(data["rules"], list), f"{source}: rules must be an array of tables")
    _check(isinstance(data["badges"], list), f"{source}: badges must be an array of tables")
    rules = tuple(parse_rule(e, f"{source}: rules[{i}]") for i, e in enumerate(data["rules"]))
    badges = tuple(parse_badge(e, f"{source}: badges[{i}]") for i, e in enumerate(data["badges"]))
    for kind, items in (("rule", rules), ("badge", badges)):
        keys = [item.key for item in items]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        _check(not twice, f"{source}: duplicate {kind} key(s) {', '.join(twice)}")
    levels = parse_levels(data["levels"], f"{source}: levels")
    settings = parse_settings(data.get("settings", {}), f"{source}: settings")
    return Catalog(rules, badges, levels, settings)


def load_defaults(path: str | Path | None = None) -> Catalog:
    """Read and validate ``defaults.toml`` (or ``path``): rules, badges, levels, settings."""
    source = Path(path) if path is not None else DEFAULTS_PATH
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{source.name}: not valid TOML: {exc}") from None
    return parse_catalog(data, source.name)
