"""Send one message at most once: claim its ``dedupe_key`` in ``sent_email`` (committed),
hand it to SMTP, mark it sent. Called only from tasks.

A retried task finds the key: sent → nothing to do; still "sending" (the server refused it
last time, or the worker died after handing it over) → send again. So a message is sent at
least once, and twice only if a worker dies between the server's "250 OK" and the commit
that follows it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from peerlearn.accounts.models import User
from peerlearn.dialect import insert_ignore
from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.mail.compose import compose
from peerlearn.mail.models import SentEmail
from peerlearn.mail.transport import send


def forget_sent_before(moment: datetime) -> int:
    """Delete the record of e-mails created before ``moment``: they only guard retries,
    which are over within hours. Flushes; how many went."""
    gone = db.session.execute(delete(SentEmail).where(SentEmail.created_at < moment))
    db.session.flush()
    return gone.rowcount or 0


def already_sent(dedupe_key: str) -> bool:
    return (
        db.session.execute(
            select(SentEmail.state).where(SentEmail.dedupe_key == dedupe_key)
        ).scalar_one_or_none()
        == "sent"
    )


def deliver(
    user: User,
    kind: str | None,
    dedupe_key: str,
    template: str,
    subject: str,
    *,
    last_notification_id: int | None = None,
    **context: Any,
) -> bool:
    """Send ``template`` to ``user`` unless ``dedupe_key`` was sent already; True if sent.

    Commits (the claim, then the result): a task-level function, like ``forward``."""
    if not user.active or already_sent(dedupe_key):
        return False
    insert_ignore(
        SentEmail,
        {
            "dedupe_key": dedupe_key,
            "user_id": user.id,
            "kind": kind or "account",
            "subject": subject[:200],
            "state": "sending",
            "last_notification_id": last_notification_id,
            "created_at": utcnow(),
        },
        ["dedupe_key"],
    )
    db.session.commit()
    send(compose(user, kind, template, subject, **context))
    row = db.session.execute(
        select(SentEmail).where(SentEmail.dedupe_key == dedupe_key)
    ).scalar_one()
    row.state, row.sent_at = "sent", utcnow()
    db.session.commit()
    return True
