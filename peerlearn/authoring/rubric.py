"""The review rubric: criteria scored 1–5. Defaults until an admin edits them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from peerlearn.authoring.models import RubricCriterion
from peerlearn.errors import Conflict, NotFoundError, PermissionDenied, ServiceError
from peerlearn.extensions import db
from peerlearn.permissions import can_edit_rubric

SCORE_MIN, SCORE_MAX = 1, 5
DEFAULT_CRITERIA = (
    ("accuracy", "Accuracy", "Is everything in it correct and current?"),
    ("clarity", "Clarity", "Can a colleague follow it on the first read?"),
    ("relevance", "Relevance", "Does it help people here do their work?"),
    ("brevity", "Brevity", "Is it as short as it can be, and no shorter?"),
    ("quiz_quality", "Quiz quality", "Do the questions check what matters? (3 if no quiz)"),
)


def _defaults() -> list[RubricCriterion]:
    return [
        RubricCriterion(key=key, label=label, help=help_text, position=i, active=True)
        for i, (key, label, help_text) in enumerate(DEFAULT_CRITERIA)
    ]


def rubric_criteria(include_inactive: bool = False) -> list[RubricCriterion]:
    """The criteria reviewers score, in order (the defaults when none are stored)."""
    stmt = select(RubricCriterion).order_by(RubricCriterion.position, RubricCriterion.id)
    stored = list(db.session.execute(stmt).scalars())
    if not stored:
        return _defaults()
    return stored if include_inactive else [c for c in stored if c.active]


def _store_defaults() -> None:
    """Turn the defaults into rows, the first time an admin changes the rubric."""
    if db.session.execute(select(func.count()).select_from(RubricCriterion)).scalar_one() == 0:
        db.session.add_all(_defaults())
        db.session.flush()


def _clean_label(label: str, help_text: str) -> tuple[str, str]:
    label = " ".join((label or "").split())
    if not label or len(label) > 80:
        raise ServiceError("Name the criterion (1 to 80 characters).", "label")
    help_text = " ".join((help_text or "").split())
    if len(help_text) > 200:
        raise ServiceError("Keep the guidance under 200 characters.", "help")
    return label, help_text


def add_criterion(actor: Any, label: str, help_text: str = "") -> RubricCriterion:
    """Add a criterion at the end of the rubric."""
    if not can_edit_rubric(actor):
        raise PermissionDenied("Only administrators edit the rubric.")
    label, help_text = _clean_label(label, help_text)
    _store_defaults()
    key = "_".join("".join(ch if ch.isalnum() else " " for ch in label.lower()).split())[:40]
    key = key or "criterion"
    if db.session.execute(select(RubricCriterion).where(RubricCriterion.key == key)).first():
        raise Conflict("A criterion with this name already exists.", "label")
    last = db.session.execute(select(func.max(RubricCriterion.position))).scalar_one() or 0
    criterion = RubricCriterion(key=key, label=label, help=help_text, position=last + 1)
    db.session.add(criterion)
    db.session.flush()
    return criterion


def update_criterion(actor: Any, key: str, changes: dict[str, Any]) -> RubricCriterion:
    """Rename a criterion, change its guidance, or switch it off (``active``)."""
    if not can_edit_rubric(actor):
        raise PermissionDenied("Only administrators edit the rubric.")
    _store_defaults()
    criterion = db.session.execute(
        select(RubricCriterion).where(RubricCriterion.key == key)
    ).scalar_one_or_none()
    if criterion is None:
        raise NotFoundError("No such criterion.")
    label, help_text = _clean_label(
        changes.get("label", criterion.label), changes.get("help", criterion.help)
    )
    criterion.label, criterion.help = label, help_text
    if "active" in changes:
        criterion.active = bool(changes["active"])
        others = [c for c in rubric_criteria() if c.key != key]
        if not criterion.active and not others:
            raise ServiceError("Keep at least one criterion active.", "active")
    db.session.flush()
    return criterion


def clean_scores(raw: Any, required: bool) -> dict[str, int]:
    """Scores ``{criterion key: 1–5}`` for the active criteria; all of them when ``required``."""
    raw = raw or {}
    if not isinstance(raw, dict):
        raise ServiceError("Score the rubric as criterion → 1 to 5.", "rubric")
    criteria = {c.key: c for c in rubric_criteria()}
    scores: dict[str, int] = {}
    for key, value in raw.items():
        if key not in criteria:
            raise ServiceError("This is not a criterion of the rubric.", f"rubric.{key}")
        if value in (None, ""):
            continue
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ServiceError("Score from 1 to 5.", f"rubric.{key}")
        if not SCORE_MIN <= value <= SCORE_MAX:
            raise ServiceError("Score from 1 to 5.", f"rubric.{key}")
        scores[key] = value
    if required:
        for key, criterion in criteria.items():
            if key not in scores:
                raise ServiceError(f"Score “{criterion.label}” before approving.", f"rubric.{key}")
    return scores
