"""Privacy rules every report obeys: group sizes (K) and who may see people by name.

**Groups.** A department with fewer than K members (the organisation setting
``report_min_group_size``) is never shown on its own. Folding it alone into "Other" would
not hide it (Other *would be* that department), so the rule is complementary: "Other" must
hold at least two departments and at least K people. When the small ones are not enough,
the smallest reportable departments join them; when even that cannot reach two groups and K
people, "Other" is not shown at all. A department inside "Other" cannot be chosen on its
own either (Other minus it would give the small one away). :func:`partition` is the one
place this is decided; the dashboard, its API, the department filter and every export that
groups people use it.

**Named people.** The per-person, raw-event and xAPI exports name people. Administrators
may download them; HR only with a written justification for that one export, which the
export access log keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from peerlearn.accounts.models import User
from peerlearn.errors import PermissionDenied
from peerlearn.extensions import db
from peerlearn.permissions import NAMED_EXPORTS, is_admin

"""Exports that list people by name or account."""

MIN_JUSTIFICATION = 15
"""Characters a justification needs (a reason, not "ok")."""


class JustificationRequired(PermissionDenied):
    """HR asked for an export naming people without saying why."""

    code = "justification_required"


@dataclass(frozen=True)
class Partition:
    """Which groups (department ids; ``None``: no department) appear on their own, which are
    folded into "Other", and whether "Other" may be shown."""

    shown: frozenset[int | None]
    folded: frozenset[int | None]
    other_visible: bool

    def reportable(self, department_id: int | None) -> bool:
        return department_id in self.shown


def group_sizes() -> dict[int | None, int]:
    """Active members per department id (``None``: people without a department)."""
    rows = db.session.execute(
        select(User.department_id, func.count())
        .where(User.active.is_(True))
        .group_by(User.department_id)
    ).all()
    return {dept: int(n) for dept, n in rows}


def partition(min_group: int, sizes: dict[int | None, int] | None = None) -> Partition:
    """Split the groups so that no small group can be read off any figure (see above)."""
    sizes = group_sizes() if sizes is None else sizes
    small = {d for d, n in sizes.items() if n < min_group}
    if not small:
        return Partition(frozenset(sizes), frozenset(), False)
    folded = set(small)
    # the smallest reportable groups join first (ties: the lower id, so it is stable)
    big = sorted((d for d in sizes if d not in small), key=lambda d: (sizes[d], d or 0))

    def enough() -> bool:
        return len(folded) >= 2 and sum(sizes[d] for d in folded) >= min_group

    while not enough() and big:
        folded.add(big.pop(0))
    shown = frozenset(d for d in sizes if d not in folded)
    return Partition(shown, frozenset(folded), enough())


def check_named_export(actor: Any, kind: str, justification: str | None) -> str | None:
    """Allow an export naming people: admins always, HR with a justification.

    Returns the cleaned justification (``None`` when none was needed or given).
    """
    reason = (justification or "").strip() or None
    if kind not in NAMED_EXPORTS or is_admin(actor):
        return reason
    if reason is None or len(reason) < MIN_JUSTIFICATION:
        raise JustificationRequired(
            "This export names people. Say why you need it (at least "
            f"{MIN_JUSTIFICATION} characters); the reason is kept in the export access log.",
            "justification",
        )
    return reason
