"""The demo history's community part (``peerlearn.demo.history`` calls it): comments with
replies and "helpful" marks, bookmarks, and learning paths with followers."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert

from peerlearn.content.rendering import render_markdown
from peerlearn.demo.rhythm import Batch, Clock, Live
from peerlearn.events import Verb
from peerlearn.extensions import db
from peerlearn.modules.models import Bookmark
from peerlearn.modules.social_models import Comment, LearningPath, LearningPathItem, PathFollower

COMMENTS = [
    "This saved me an hour this week, thank you!",
    "Could you add an example from the **sales** side?",
    "We do this slightly differently in our team: we write it down *before* the meeting.",
    "Clear and short. Sharing it with my team.",
    "Is there a template for this somewhere?",
    "The second point is the one I always forget.",
    "Great module. The quiz made me re-read the middle part, which was the point.",
    "How does this work when half the team is remote?",
]
REPLIES = [
    "Good question: I will add a paragraph on that.",
    "Same here, the checklist helps.",
    "There is one on the shared drive under *Templates*.",
    "Thanks! Glad it helped.",
]
PATHS = [
    ("Your first month", "The modules new colleagues found most useful in their first weeks."),
    ("Working with customers", "From the first call to a happy renewal."),
    ("Better meetings and feedback", "Run, join and follow up on meetings that matter."),
]


def comments(
    rng: random.Random, clock: Clock, readers: dict[int, list[int]], lives: list[Live]
) -> list[tuple[dict[str, Any], Live, list[dict[str, Any]]]]:
    threads = []
    for live in lives:
        for user in readers[live.module.id]:
            if rng.random() >= 0.07:
                continue
            at = clock.moment(live.released)
            text = rng.choice(COMMENTS)
            helpful = rng.random() < 0.3
            top = {
                "module_id": live.module.id,
                "author_id": user,
                "body_markdown": text,
                "body_html": render_markdown(text).html,
                "created_at": at,
                "helpful_at": at + timedelta(hours=rng.uniform(1, 30)) if helpful else None,
            }
            replies = []
            if rng.random() < 0.4:
                reply = rng.choice(REPLIES)
                replies.append(
                    {
                        "module_id": live.module.id,
                        "author_id": live.module.author_id,
                        "body_markdown": reply,
                        "body_html": render_markdown(reply).html,
                        "created_at": at + timedelta(hours=rng.uniform(0.5, 48)),
                    }
                )
            threads.append((top, live, replies))
    return threads


def insert_comments(batch: Batch, threads: list[Any], now: datetime) -> None:
    for top, live, replies in threads:
        for row in [top, *replies]:
            row["created_at"] = min(row["created_at"], now)
        comment_id = db.session.execute(
            insert(Comment).values(**top).returning(Comment.id)
        ).scalar_one()
        batch.event(
            Verb.COMMENT_POSTED,
            top["author_id"],
            live,
            top["created_at"],
            comment_id=comment_id,
            reply=False,
        )
        if top["helpful_at"] is not None:
            top["helpful_at"] = min(top["helpful_at"], now)
            batch.event(
                Verb.COMMENT_MARKED_HELPFUL,
                live.module.author_id,
                live,
                top["helpful_at"],
                comment_id=comment_id,
            )
            batch.events[-1]["context"]["author_id"] = top["author_id"]
            batch.events[-1]["context"]["module_author_id"] = live.module.author_id
        for reply in replies:
            reply["parent_id"] = comment_id
            reply_id = db.session.execute(
                insert(Comment).values(**reply).returning(Comment.id)
            ).scalar_one()
            batch.event(
                Verb.COMMENT_POSTED,
                reply["author_id"],
                live,
                reply["created_at"],
                comment_id=reply_id,
                reply=True,
            )


def bookmarks(
    rng: random.Random,
    clock: Clock,
    batch: Batch,
    users: list[int],
    lives: list[Live],
    read: set[tuple[int, int]],
) -> None:
    for user in users:
        for live in rng.sample(lives, min(len(lives), rng.randrange(0, 4))):
            if live.module.author_id == user or (user, live.module.id) in read:
                continue
            at = clock.moment(live.released)
            batch.rows[Bookmark].append(
                {"user_id": user, "module_id": live.module.id, "created_at": at}
            )
            batch.event(Verb.MODULE_BOOKMARKED, user, live, at)


def paths(
    rng: random.Random,
    batch: Batch,
    users: list[int],
    lives: list[Live],
    completed: dict[tuple[int, int], datetime],
    now: datetime,
) -> None:
    """A few learning paths with followers; ``path_completed`` when a follower's last module
    of the path was completed after they followed it."""
    if len(lives) < 3:
        return
    for title, description in PATHS:
        owner = rng.choice(users)
        chosen = rng.sample(lives, min(len(lives), rng.randrange(3, 6)))
        created = max(live.released for live in chosen) + timedelta(hours=1)
        path_id = db.session.execute(
            insert(LearningPath)
            .values(
                owner_id=owner,
                title=title,
                description=description,
                created_at=created,
                updated_at=created,
            )
            .returning(LearningPath.id)
        ).scalar_one()
        for position, live in enumerate(chosen):
            batch.rows[LearningPathItem].append(
                {"path_id": path_id, "module_id": live.module.id, "position": position}
            )
        tags = sorted({t for live in chosen for t in live.revision.tags or []})
        for follower in rng.sample(users, min(len(users), rng.randrange(4, 12))):
            followed = created + (now - created) * rng.random() * 0.3
            done = [completed.get((follower, live.module.id)) for live in chosen]
            finished = max(done) if all(done) else None
            batch.rows[PathFollower].append(
                {
                    "path_id": path_id,
                    "user_id": follower,
                    "followed_at": followed,
                    "completed_at": max(finished, followed) if finished else None,
                }
            )
            if finished and finished > followed:
                last = chosen[done.index(finished)]
                batch.events.append(
                    {
                        "verb": Verb.PATH_COMPLETED.value,
                        "actor_id": follower,
                        "object_type": "learning_path",
                        "object_id": path_id,
                        "occurred_at": finished,
                        "context": {
                            "author_id": owner,
                            "tags": tags,
                            "revision_id": None,
                            "module_id": last.module.id,
                            "module_ids": [live.module.id for live in chosen],
                        },
                    }
                )
