"""Rules as data, no app: defaults.toml loads and validates, bad entries fail clearly,
level thresholds and progress, and the core never imports Flask or SQLAlchemy."""

from __future__ import annotations

import copy
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import pytest

from peerlearn.gamification.rules import (
    CONDITIONS,
    DEFAULTS_PATH,
    VERBS,
    CountAtLeast,
    DistinctTagsAtLeast,
    FirstOf,
    Level,
    LevelProgress,
    PointsRule,
    Settings,
    StreakAtLeast,
    level_for,
    load_defaults,
    parse_catalog,
    progress_to_next,
)

ROOT = Path(__file__).resolve().parents[2]
RAW = tomllib.loads(DEFAULTS_PATH.read_text(encoding="utf-8"))


def test_defaults_load() -> None:
    catalog = load_defaults()
    rules = {rule.key: rule for rule in catalog.rules}
    assert {key: (r.verb, r.beneficiary, r.points, r.daily_cap) for key, r in rules.items()} == {
        "complete": ("module_completed", "actor", 10, None),
        "quiz_first_try": ("quiz_passed", "actor", 5, None),
        "publish": ("module_published", "author", 50, None),
        "peer_completion": ("module_completed", "author", 2, 20),
        "clap_received": ("module_clapped", "author", 1, 25),
        "helpful_comment": ("comment_marked_helpful", "author", 3, 15),
        "review": ("review_decided", "actor", 5, 50),
        "streak_bonus": ("streak_reached", "actor", 20, None),
        "request_fulfilled": ("request_fulfilled", "author", 25, 25),
    }
    assert {rule.verb for rule in catalog.rules} == set(VERBS)
    assert [key for key, rule in rules.items() if rule.allow_self_action] == ["publish"]
    assert catalog.settings == Settings(min_reading_seconds=30.0, weekends_free=False)


def test_default_badges() -> None:
    badges = {badge.key: badge for badge in load_defaults().badges}
    assert 15 <= len(badges) <= 20
    completions = {
        b.criterion.target: b.tier
        for b in badges.values()
        if isinstance(b.criterion, CountAtLeast) and b.criterion.counter == "completions"
    }
    assert completions == {1: "bronze", 10: "bronze", 50: "silver", 100: "gold"}
    assert badges["first_publication"].criterion == FirstOf("publications")
    assert badges["publications_10"].criterion == CountAtLeast("publications", 10)
    assert badges["claps_100"].criterion == CountAtLeast("claps_received", 100)
    assert badges["streak_7"].criterion == StreakAtLeast(7)
    assert badges["streak_30"].criterion == StreakAtLeast(30)
    assert badges["topics_5"].criterion == DistinctTagsAtLeast(5)
    assert badges["first_review"].criterion == FirstOf("reviews")
    assert badges["first_helpful_comment"].criterion == FirstOf("helpful_comments")
    assert {b.tier for b in badges.values()} == {"bronze", "silver", "gold"}


def test_default_levels() -> None:
    levels = load_defaults().levels
    assert [(level.name, level.min_points) for level in levels[:3]] == [
        ("Newcomer", 0),
        ("Learner", 50),
        ("Contributor", 150),
    ]
    assert len(levels) == 8
    assert [level.number for level in levels] == list(range(1, 9))


def broken(path: str, value: Any) -> dict[str, Any]:
    """The defaults with one field replaced (``value`` None deletes it)."""
    data = copy.deepcopy(RAW)
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is None:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("rules.0.verb", "module_finished", r"rules\[0\] \(key='complete'\): verb must be one of"),
        ("rules.1.points", -5, r"rules\[1\] \(key='quiz_first_try'\): points must be an"),
        ("rules.1.points", "5", r"points must be an integer >= 0, got '5'"),
        ("rules.5.daily_cap", 0, r"rules\[5\] \(key='peer_completion'\): daily_cap must be"),
        ("rules.0.beneficiary", "reader", r"beneficiary must be actor or author"),
        ("rules.0.conditions", ["first_time", "sunny"], r"unknown conditions \['sunny'\]"),
        ("rules.0.conditions", "first_time", r"conditions must be a list of names"),
        ("rules.0.dedupe", "{rule}:{user}:{when}", r"dedupe placeholders must be among"),
        ("rules.0.dedupe", "{rule}:{object}", r"must contain \{rule\} and \{user\}"),
        ("rules.0.dedupe", "{rule}:{user", r"dedupe template '\{rule\}:\{user' is malformed"),
        ("rules.0.dedupe", 7, r"dedupe must be a template string, got 7"),
        ("rules.0.min_interval_seconds", 0, r"min_interval_seconds must be >= 1"),
        ("rules.0.version", 0, r"version must be an integer >= 1"),
        ("rules.0.allow_self_action", "yes", r"allow_self_action must be true or false"),
        ("rules.0.description", " ", r"description must be a non-empty string"),
        ("rules.0.key", "Complete!", r"key must be snake_case, got 'Complete!'"),
        ("rules.0.point", 3, r"rules\[0\] \(key='complete'\): unknown field\(s\) point"),
        ("rules.0.verb", None, r"rules\[0\] \(key='complete'\): missing field\(s\) verb"),
        ("rules.1.key", "complete", r"duplicate rule key\(s\) complete"),
        ("rules.0", "complete", r"rules\[0\]: expected a table, got str"),
        ("badges.0.tier", "platinum", r"badges\[0\] \(key='first_completion'\): tier must be"),
        ("badges.0.criterion", {"kind": "first", "counter": "likes"}, r"unknown counter 'likes'"),
        ("badges.1.criterion", {"kind": "most"}, r"badges\[1\] .*criterion kind must be one of"),
        ("badges.0.criterion", {"kind": "first", "counter": "completions", "at_least": 3},
         r"badges\[0\] \(key='first_completion'\): criterion: unknown field\(s\) at_least"),
        ("badges.1.criterion", {"kind": "count", "counter": "completions", "at_least": 0},
         r"at_least must be an integer >= 1"),
        ("badges.7.criterion", {"kind": "streak"}, r"criterion: missing field\(s\) days"),
        ("badges.2.key", "first_completion", r"duplicate badge key\(s\) first_completion"),
        ("badges.0.name", "", r"name must not be empty"),
        ("levels.0.min_points", 10, r"levels\[0\] \('Newcomer'\): min_points must be 0"),
        ("levels.3.min_points", 150, r"levels\[3\] \('Practitioner'\): min_points must .* rise"),
        ("levels.2.number", 9, r"levels\[2\]: number must be 3"),
        ("levels", [], r"levels: expected a non-empty list"),
        ("settings.min_reading_seconds", -1, r"settings: min_reading_seconds must be"),
        ("settings.weekends_free", "no", r"settings: weekends_free must be true or false"),
        ("badges", None, r"defaults.toml: missing field\(s\) badges"),
        ("leaderboards", {}, r"defaults.toml: unknown field\(s\) leaderboards"),
    ],
)  # fmt: skip
def test_a_broken_entry_raises_a_clear_error(path: str, value: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_catalog(broken(path, value), "defaults.toml")


def test_load_defaults_from_a_path(tmp_path: Path) -> None:
    broken_syntax = tmp_path / "rules.toml"
    broken_syntax.write_text("[[rules]\nkey = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"rules.toml: not valid TOML"):
        load_defaults(broken_syntax)
    bad_entry = tmp_path / "custom.toml"
    text = DEFAULTS_PATH.read_text(encoding="utf-8").replace("points = 25", "points = -25")
    bad_entry.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"custom.toml: rules\[8\] \(key='request_fulfilled'\)"):
        load_defaults(str(bad_entry))


def test_rules_built_in_code_validate_too() -> None:
    rule = PointsRule("tip", "module_clapped", "author", 1, None, 1, "A tip")
    assert rule.dedupe == "{rule}:{user}:{actor}:{object}"
    assert (
        PointsRule("ok", "quiz_passed", "actor", 1, None, 1, "x").dedupe == "{rule}:{user}:{object}"
    )
    with pytest.raises(ValueError, match="verb must be one of"):
        PointsRule("tip", "clapped", "author", 1, None, 1, "A tip")
    with pytest.raises(ValueError, match="daily_cap must be an integer >= 1, got True"):
        PointsRule("tip", "module_clapped", "author", 1, True, 1, "A tip")  # type: ignore[arg-type]
    assert set(CONDITIONS) == {
        "first_time",
        "quiz_first_try",
        "min_reading_time",
        "streak_milestone",
        "final_decision",
    }


LEVELS = (Level(1, "Newcomer", 0), Level(2, "Learner", 50), Level(3, "Contributor", 150))


@pytest.mark.parametrize(
    ("points", "name"),
    [(-30, "Newcomer"), (0, "Newcomer"), (49, "Newcomer"), (50, "Learner"), (149, "Learner"),
     (150, "Contributor"), (10**9, "Contributor")],
)  # fmt: skip
def test_level_thresholds(points: int, name: str) -> None:
    assert level_for(points, LEVELS).name == name
    assert level_for(points, tuple(reversed(LEVELS))).name == name  # order does not matter


def test_progress_to_next_level() -> None:
    assert progress_to_next(100, LEVELS) == LevelProgress(LEVELS[1], LEVELS[2], 0.5)
    assert progress_to_next(0, LEVELS) == LevelProgress(LEVELS[0], LEVELS[1], 0.0)
    assert progress_to_next(-10, LEVELS) == LevelProgress(LEVELS[0], LEVELS[1], 0.0)
    assert progress_to_next(150, LEVELS) == LevelProgress(LEVELS[2], None, 1.0)
    assert progress_to_next(5000, LEVELS) == LevelProgress(LEVELS[2], None, 1.0)
    with pytest.raises(ValueError, match="no levels"):
        level_for(10, ())


def test_the_core_imports_neither_flask_nor_sqlalchemy() -> None:
    # A fresh interpreter imports the core through its real packages (no stand-ins): the
    # packages are import-light, so what is measured is everything the import pulls in.
    code = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        root = Path(sys.argv[1])
        sys.path.insert(0, str(root))
        import peerlearn.gamification.rules
        from peerlearn.gamification import evaluation, farming, rules, streaks
        rules.load_defaults()
        assert all(m.__file__.startswith(str(root)) for m in (evaluation, farming, rules, streaks))
        heavy = {"flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug", "blinker"}
        print(sorted(m for m in sys.modules if m.split(".")[0] in heavy))
        core = {"peerlearn", "peerlearn.gamification"}
        print(sorted(m for m in sys.modules if m.startswith("peerlearn.") and m not in core
                     and m.rsplit(".", 1)[0] not in core - {"peerlearn"}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code, str(ROOT)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[]", "[]"]
