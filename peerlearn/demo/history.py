"""The demo organisation's past (``peerlearn.demo``, after the people and modules): a year
of views, reading time, completions, quiz attempts, claps, comments, bookmarks and learning
paths, with their learning events. Its building blocks are in ``rhythm`` (when people read)
and ``community`` (comments, bookmarks, paths).

Shaped like the field: peaks at 4pm and 8–10pm, the weekend together busier than any
weekday, peer modules read about twice as often as official ones, ~97% of readers complete.
Deterministic (a seeded ``random.Random``), and fast: rows and events are inserted in bulk,
bypassing the live ``learning_event`` signal; the gamification engine rebuilds points from
these events by replay. Runs once: a database with any reading progress is left alone.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update

from peerlearn.accounts.models import User
from peerlearn.content.models import Module, ModuleRevision, ModuleState
from peerlearn.demo import community
from peerlearn.demo.reviews import time_reviews, working_hours
from peerlearn.demo.rhythm import Batch, Clock, Live
from peerlearn.events import LearningEvent, Verb, utcnow
from peerlearn.extensions import db
from peerlearn.modules.models import Clap, Completion, QuizAttempt, ReadingProgress
from peerlearn.modules.quizzing import score_quiz

SEED = 20240916
DAYS = 365
PEER_WEIGHT, OFFICIAL_WEIGHT = 2.0, 0.5
COMPLETION_RATE = 0.975


def _live_modules(rng: random.Random, now: datetime) -> list[Live]:
    rows = db.session.execute(
        select(Module, ModuleRevision)
        .join(ModuleRevision, ModuleRevision.id == Module.published_revision_id)
        .where(Module.state == ModuleState.PUBLISHED)
        .order_by(Module.id)
    ).all()
    live = []
    for module, revision in rows:
        released = module.first_published_at or now
        if released > now - timedelta(days=20):  # published by the seed just now: age it
            released = now - timedelta(days=rng.uniform(20, DAYS), minutes=rng.randrange(600))
            released = working_hours(rng, released)  # a reviewer approved it at work
            _backdate_publication(module, released)
        popularity = rng.lognormvariate(0, 0.5)
        base = OFFICIAL_WEIGHT if module.origin == "official" else PEER_WEIGHT
        live.append(Live(module, revision, released, base * popularity))
    return live


def _backdate_publication(module: Module, released: datetime) -> None:
    """The seed published everything a moment ago; history needs it published back then."""
    module.first_published_at = released
    db.session.execute(
        update(LearningEvent)
        .where(
            LearningEvent.object_type == "module",
            LearningEvent.object_id == module.id,
            LearningEvent.verb == Verb.MODULE_PUBLISHED,
        )
        .values(occurred_at=released)
    )


def _answers(rng: random.Random, quiz: dict[str, Any], right: set[int]) -> list[list[int]]:
    answers = []
    for i, question in enumerate(quiz["questions"]):
        correct = sorted(question["correct"])
        if i in right:
            answers.append(correct)
        else:
            wrong = [c for c in range(len(question["choices"])) if c not in correct]
            answers.append([rng.choice(wrong)] if wrong else correct[:1])
    return answers


def _take_quiz(
    rng: random.Random, batch: Batch, user: int, live: Live, start: datetime
) -> tuple[datetime, int]:
    """Attempts until a pass (usually the first); return the passing time and score."""
    quiz = live.revision.quiz
    questions = len(quiz["questions"])
    at, number = start, 0
    while True:
        number += 1
        passing = number >= 3 or rng.random() < 0.78
        if passing:
            right = (
                set(range(questions))
                if rng.random() < 0.7
                else set(rng.sample(range(questions), max(1, math.ceil(questions * 0.8))))
            )
        else:
            right = set(rng.sample(range(questions), rng.randrange(0, max(1, questions // 2))))
        answers = _answers(rng, quiz, right)
        score, passed, _ = score_quiz(quiz, answers)
        batch.rows[QuizAttempt].append(
            {
                "user_id": user,
                "module_id": live.module.id,
                "revision_id": live.revision.id,
                "number": number,
                "answers": answers,
                "score": score,
                "passed": passed,
                "created_at": at,
            }
        )
        batch.event(Verb.QUIZ_ATTEMPTED, user, live, at, score=score, passed=passed, attempt=number)
        if passed:
            batch.event(Verb.QUIZ_PASSED, user, live, at, first_try=number == 1, score=score)
            return at, score
        at += timedelta(minutes=rng.uniform(8, 90))


def _read(rng: random.Random, clock: Clock, batch: Batch, user: int, live: Live) -> None:
    """One person's history with one module: views, completion, claps, comments, bookmark."""
    now = clock.now
    start = clock.moment(live.released)
    expected = live.revision.estimated_minutes * 60
    seconds = round(max(8.0, expected * rng.lognormvariate(0, 0.4)), 1)
    views = 1 + min(8, int(rng.expovariate(1 / 2.2)))
    moments = sorted([start] + [clock.moment(start) for _ in range(views - 1)])
    for n, at in enumerate(moments):
        batch.event(Verb.MODULE_VIEWED, user, live, at, seconds=seconds if n == 0 else 30.0)
    batch.rows[ReadingProgress].append(
        {
            "user_id": user,
            "module_id": live.module.id,
            "revision_id": live.revision.id,
            "view_count": views,
            "visible_seconds": seconds + 30.0 * (views - 1),
            "first_viewed_at": moments[0],
            "last_viewed_at": moments[-1],
        }
    )
    finished = min(now - timedelta(seconds=1), start + timedelta(seconds=seconds))
    if rng.random() < COMPLETION_RATE:
        score = None
        if live.revision.quiz:
            finished, score = _take_quiz(rng, batch, user, live, finished)
        batch.rows[Completion].append(
            {
                "user_id": user,
                "module_id": live.module.id,
                "revision_id": live.revision.id,
                "method": "quiz" if score is not None else "button",
                "reading_seconds": seconds,
                "score": score,
                "completed_at": finished,
            }
        )
        extra = {"reading_seconds": seconds} | ({"score": score} if score is not None else {})
        batch.event(Verb.MODULE_COMPLETED, user, live, finished, **extra)
    if rng.random() < 0.38:
        count = min(50, 1 + int(rng.expovariate(1 / 6)))
        at = finished + timedelta(seconds=rng.randrange(5, 120))
        batch.rows[Clap].append(
            {
                "user_id": user,
                "module_id": live.module.id,
                "count": count,
                "created_at": at,
                "updated_at": at,
            }
        )
        batch.event(Verb.MODULE_CLAPPED, user, live, at, count=count)


APPETITE = (  # (share of people, fewest, most modules read): the field's long tail
    (0.03, 100, 140),
    (0.05, 50, 90),
    (0.17, 10, 40),
    (0.50, 1, 9),
    (0.25, 0, 0),  # never opened a module: members who are not (yet) learners
)


def _appetite(rng: random.Random, available: int, company: bool) -> int:
    """How many modules one person reads. The standard demo (a catalog of ~45): a few read
    nearly all, many read some. The company-sized one: a few read a hundred or more, most a
    handful, a quarter none (as in the field: >20% of learners complete 50+, ~9% 100+)."""
    if not company:
        share = rng.choices(
            [rng.uniform(0.8, 1.0), rng.uniform(0.45, 0.75), rng.uniform(0.1, 0.35)],
            [0.3, 0.45, 0.25],
        )[0]
        return max(1, round(available * share))
    weights = [share for share, _, _ in APPETITE]
    _, low, high = rng.choices(APPETITE, weights)[0]
    return min(available, rng.randint(low, high))


def seed_history(
    now: datetime | None = None, seed: int = SEED, company: bool = False
) -> dict[str, int]:
    """Generate the history once; return row counts by kind (empty when already there).

    ``company``: the long-tail reading of a company-sized organisation (see ``_appetite``).
    """
    if db.session.scalar(select(func.count()).select_from(ReadingProgress)):
        return {}
    now = now or utcnow()
    rng = random.Random(seed)
    clock = Clock(rng, now)
    lives = _live_modules(rng, now)
    time_reviews(rng, now, {live.module.id: live.released for live in lives})
    users = list(db.session.execute(select(User.id).where(User.active).order_by(User.id)).scalars())
    if not lives or not users:
        return {}
    batch = Batch()
    readers: dict[int, list[int]] = defaultdict(list)
    for user in users:
        candidates = [live for live in lives if live.module.author_id != user]
        picked: list[Live] = []
        pool = list(candidates)
        for _ in range(min(len(pool), _appetite(rng, len(candidates), company))):
            live = rng.choices(pool, [live.weight for live in pool])[0]
            pool.remove(live)
            picked.append(live)
        for live in picked:
            _read(rng, clock, batch, user, live)
            readers[live.module.id].append(user)
    completed = {(r["user_id"], r["module_id"]): r["completed_at"] for r in batch.rows[Completion]}
    read = {(r["user_id"], r["module_id"]) for r in batch.rows[ReadingProgress]}
    community.bookmarks(rng, clock, batch, users, lives, read)
    community.insert_comments(batch, community.comments(rng, clock, readers, lives), now)
    community.paths(rng, batch, users, lives, completed, now)
    for model, rows in batch.rows.items():
        if rows:
            db.session.execute(insert(model), rows)
    batch.events.sort(key=lambda e: e["occurred_at"])
    db.session.execute(insert(LearningEvent), batch.events)
    db.session.flush()
    counts = {model.__tablename__: len(rows) for model, rows in batch.rows.items()}
    counts["learning_event"] = len(batch.events)
    return counts
