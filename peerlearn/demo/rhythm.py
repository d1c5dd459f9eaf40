"""The demo history's building blocks (for ``peerlearn.demo.history`` and ``community``): the
field's daily and weekly rhythm, the modules being read, and the batch of rows and learning
events inserted at the end."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from peerlearn.content.context import module_context
from peerlearn.content.models import Module, ModuleRevision
from peerlearn.events import Verb, check_context

# Relative activity by hour of day (UTC = the demo people's zone): 4pm and 8–10pm peaks.
HOUR_WEIGHTS = [
    0.2,
    0.1,
    0.05,
    0.05,
    0.05,
    0.1,
    0.3,
    0.6,
    1.0,
    1.3,
    1.3,
    1.2,
    1.1,
    1.2,
    1.3,
    1.5,
    2.7,
    1.6,
    1.2,
    1.5,
    2.5,
    2.6,
    2.4,
    0.9,
]
# Monday … Sunday: Saturday and Sunday together outweigh any single weekday.
WEEKDAY_WEIGHTS = [1.0, 1.0, 1.0, 1.0, 0.95, 0.8, 0.85]


@dataclass
class Live:
    module: Module
    revision: ModuleRevision
    released: datetime
    weight: float


@dataclass
class Batch:
    """Rows to insert, by model, and the learning events (sorted by time at the end)."""

    rows: dict[Any, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    events: list[dict[str, Any]] = field(default_factory=list)

    def event(self, verb: Verb, actor: int, live: Live, at: datetime, **extra: Any) -> None:
        """Queue a module event (checked against the verb's contract, as record_event does)."""
        context = module_context(live.module, live.revision, **extra)
        self.events.append(
            {
                "verb": check_context(verb, context).value,
                "actor_id": actor,
                "object_type": "module",
                "object_id": live.module.id,
                "occurred_at": at,
                "context": context,
            }
        )


class Clock:
    """Draws moments with the field's daily and weekly rhythm."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now

    def moment(self, after: datetime) -> datetime:
        first = after.date()
        days = [first + timedelta(days=n) for n in range((self.now.date() - first).days + 1)]
        day = self.rng.choices(days, [WEEKDAY_WEIGHTS[d.weekday()] for d in days])[0]
        hour = self.rng.choices(range(24), HOUR_WEIGHTS)[0]
        at = datetime.combine(day, time(hour, self.rng.randrange(60)), tzinfo=self.now.tzinfo)
        at += timedelta(seconds=self.rng.randrange(60))
        if at <= after or at >= self.now:  # the first or last day: keep inside the window
            at = after + (self.now - after) * self.rng.random()
        return at
