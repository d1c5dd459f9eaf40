"""``verify``: recompute every user and department total from the ledger and compare.

Entries held for mutual farming (or voided) do not count; released ones do. Periods are
computed from each entry's ``occurred_at`` in the organisation's time zone, exactly as the
engine files them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from peerlearn.extensions import db
from peerlearn.gamification.holds import uncounted_entry_ids
from peerlearn.gamification.models import DepartmentPoints, PointsEntry, UserPoints
from peerlearn.gamification.store import org_timezone, period_starts

Key = tuple[int, str, date]  # (owner id, period, period start)


@dataclass(frozen=True)
class Mismatch:
    """A stored total that disagrees with the ledger."""

    scope: str  # "user" or "department"
    owner_id: int
    period: str
    period_start: date
    board: str
    stored: int
    expected: int

    def __str__(self) -> str:
        return (
            f"{self.scope} {self.owner_id} {self.period} from {self.period_start} "
            f"{self.board}: stored {self.stored}, ledger says {self.expected}"
        )


def _entries() -> Iterator[tuple[int, int | None, str, int, object]]:
    stmt = (
        select(
            PointsEntry.user_id,
            PointsEntry.department_id,
            PointsEntry.board,
            PointsEntry.points,
            PointsEntry.occurred_at,
        )
        .where(PointsEntry.id.not_in(uncounted_entry_ids()))
        .order_by(PointsEntry.id)
    )
    yield from db.session.execute(stmt.execution_options(yield_per=5000))


def ledger_totals() -> tuple[dict[Key, list[int]], dict[Key, list[int]]]:
    """(user totals, department totals) recomputed from the ledger: key → [learner, author]."""
    users: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    departments: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    tz_name = org_timezone()
    for user_id, department_id, board, points, occurred_at in _entries():
        slot = 0 if board == "learner" else 1
        for period, start in period_starts(occurred_at, tz_name):  # type: ignore[arg-type]
            users[(user_id, period, start)][slot] += points
            if department_id is not None:
                departments[(department_id, period, start)][slot] += points
    return users, departments


def stored_totals() -> tuple[dict[Key, list[int]], dict[Key, list[int]]]:
    """(user totals, department totals) as stored: key → [learner, author]."""
    users = {
        (r.user_id, r.period, r.period_start): [r.learner_points, r.author_points]
        for r in db.session.execute(select(UserPoints)).scalars()
    }
    departments = {
        (r.department_id, r.period, r.period_start): [r.learner_points, r.author_points]
        for r in db.session.execute(select(DepartmentPoints)).scalars()
    }
    return users, departments


def _compare(scope: str, stored: dict[Key, list[int]], expected: dict[Key, list[int]]) -> list:
    found = []
    for key in sorted(set(stored) | set(expected)):
        have, want = stored.get(key, [0, 0]), expected.get(key, [0, 0])
        for slot, board in enumerate(("learner", "author")):
            if have[slot] != want[slot]:
                found.append(Mismatch(scope, *key, board, have[slot], want[slot]))
    return found


def verify_totals() -> list[Mismatch]:
    """Every stored total that the ledger contradicts (empty when all agree)."""
    expected_users, expected_departments = ledger_totals()
    stored_users, stored_departments = stored_totals()
    return _compare("user", stored_users, expected_users) + _compare(
        "department", stored_departments, expected_departments
    )
