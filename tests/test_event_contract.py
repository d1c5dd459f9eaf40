"""The learning-event contract: every verb declared once, with its context keys; nothing in
the source records a verb by a bare string; record_event refuses what is not declared; the
gamification catalog only reacts to declared verbs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from peerlearn.events import (
    VERB_SPECS,
    LearningEvent,
    UndeclaredVerb,
    Verb,
    check_context,
    describe_verbs,
    learning_event,
    record_event,
)
from peerlearn.gamification import catalog
from peerlearn.gamification.rules import PointsRule
from tests.factories import make_user

PACKAGE = Path(__file__).resolve().parent.parent / "peerlearn"


def _record_event_calls(tree: ast.AST) -> list[ast.Call]:
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in {"record_event", "event"} and node.args:
                calls.append(node)
    return calls


def _is_declared_member(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Verb"
        and node.attr in Verb.__members__
    )


def test_every_record_event_call_in_the_source_names_a_declared_verb():
    offenders, seen = [], 0
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for call in _record_event_calls(tree):
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            first = call.args[0]
            receiver = getattr(getattr(call.func, "value", None), "id", "")
            if name == "event" and receiver != "batch":  # the demo batch's event() only
                continue
            seen += 1
            if isinstance(first, ast.Constant) or (
                isinstance(first, ast.Attribute) and not _is_declared_member(first)
            ):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{call.lineno}")
    assert seen > 20  # the scan does find the calls
    assert not offenders, f"record_event with a bare or undeclared verb: {offenders}"


def test_no_bare_verb_strings_are_recorded_or_compared_in_the_source():
    """A string equal to a declared verb appears in the source only in events.py (and the
    pure gamification core, which reads verbs as strings and is checked by the catalog)."""
    verbs = {verb.value for verb in Verb}
    allowed = {PACKAGE / "events.py"} | {
        PACKAGE / "gamification" / name
        for name in ("rules.py", "evaluation.py", "farming.py", "streaks.py")
    }
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in allowed:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        kinds = {  # a notification's kind is its own vocabulary (some share a verb's name)
            id(node.args[1])
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "notify"
            and len(node.args) > 1
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in verbs and id(node) not in kinds:
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.value}")
    assert not offenders


def test_every_verb_is_documented():
    assert set(VERB_SPECS) == set(Verb)
    for verb, spec in VERB_SPECS.items():
        assert spec.summary and spec.actor, verb
        assert spec.required <= set(spec.context), verb
        assert all(meaning for meaning in spec.context.values()), verb
        assert len(verb.value) <= LearningEvent.__table__.c.verb.type.length
    table = describe_verbs()
    assert all(f"`{verb}`" in table for verb in Verb)


def test_record_event_refuses_an_undeclared_verb(db):
    user = make_user()
    received = []
    with (
        learning_event.connected_to(lambda sender, **kw: received.append(sender)),
        pytest.raises(UndeclaredVerb, match="nonsense"),
    ):
        record_event("nonsense", user, "module", 1)
    assert received == []
    assert db.session.query(LearningEvent).count() == 0


def test_record_event_checks_the_context_keys(db):
    user = make_user()
    with pytest.raises(ValueError, match="undocumented context keys \\['colour'\\]"):
        record_event(Verb.MODULE_VIEWED, user, "module", 1, {"colour": "red"})
    with pytest.raises(ValueError, match="missing context keys \\['decision'\\]"):
        record_event(Verb.REVIEW_DECIDED, user, "module", 1, {"author_id": 2})
    event = record_event("module_viewed", user, "module", 1, {"first": True})  # equal string
    assert event.verb == Verb.MODULE_VIEWED and type(event.verb) is str
    assert check_context(Verb.SIGNED_IN, {}) is Verb.SIGNED_IN


def test_the_catalog_reacts_only_to_declared_verbs(db):
    catalog.check_verbs()  # the core's own verbs, counters and farming verbs
    loaded = catalog.active_catalog()
    used = catalog.verbs_used(loaded.rules, loaded.badges)
    assert {rule.verb for rule in loaded.rules} <= set(used) <= set(Verb)
    rogue = PointsRule(
        key="rogue", verb="module_completed", beneficiary="actor", points=1,
        daily_cap=None, version=1, description="x",
    )  # fmt: skip
    object.__setattr__(rogue, "verb", "module_finished")  # as a stored rule could say
    with pytest.raises(UndeclaredVerb, match="'module_finished' \\(rule rogue\\)"):
        catalog.check_verbs([rogue])
