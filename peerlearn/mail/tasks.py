"""The tasks that send e-mail: one notification, the daily and weekly digests, streak
reminders and account messages. Each message has a dedupe key, so a retried task never
sends it twice (:mod:`peerlearn.mail.delivery`)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import url_for
from huey import crontab
from sqlalchemy import func, select

from peerlearn.accounts.models import User
from peerlearn.accounts.password_reset import reset_token
from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.gamification.catalog import active_catalog
from peerlearn.gamification.streaks import zone
from peerlearn.mail.compose import site_context
from peerlearn.mail.delivery import deliver
from peerlearn.mail.kinds import Cadence, kind_of_notification
from peerlearn.mail.models import SentEmail
from peerlearn.mail.preferences import cadence_for, preferences_for
from peerlearn.mail.reminders import due_reminders
from peerlearn.mail.weekly import queue_summary, week_summary
from peerlearn.notifications.models import Notification
from peerlearn.permissions import can_review
from peerlearn.reports.models import ExportJob
from peerlearn.tasks.queue import background, periodic

SUBJECTS = {
    "module_approved": "Your module was approved",
    "module_changes_requested": "A reviewer suggests changes to your module",
    "module_rejected": "Your module was not accepted",
    "module_claimed": "A reviewer started on your module",
    "module_flagged_outdated": "A reader thinks your module may be outdated",
    "level_up": "You reached a new level",
}
ACTIONS = {"module_changes_requested": "Edit your module", "module_rejected": "See the review"}
DIGEST_FROM = time(8, 0)
DIGEST_UNTIL = time(11, 0)
DIGEST_LOOKBACK = timedelta(days=8)


def _link(notification: Notification) -> str:
    """The notification's target as an absolute URL ("" when it has none)."""
    if not notification.endpoint:
        return ""
    with site_context():
        try:
            return url_for(
                notification.endpoint, _external=True, **(notification.endpoint_args or {})
            )
        except Exception:  # the endpoint changed since: the e-mail still says what happened
            return ""


@background("mail.notification")
def send_notification(notification_id: int) -> None:
    """E-mail one notification now, if its person wants that kind right away."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.read_at is not None:
        return
    user = db.session.get(User, notification.user_id)
    kind = kind_of_notification(notification.kind)
    if user is None or cadence_for(user.id, kind) != Cadence.IMMEDIATE:
        return
    # Without a subject of its own, the notification's text says it best.
    subject = SUBJECTS.get(notification.kind) or notification.text[:78]
    deliver(
        user,
        kind,
        f"notification:{notification.id}",
        "notification",
        subject,
        text=notification.text,
        link=_link(notification),
        action=ACTIONS.get(notification.kind, "Open PeerLearn"),
    )


def _digest_cursor(user_id: int, cadence: Cadence) -> int:
    return (
        db.session.execute(
            select(func.max(SentEmail.last_notification_id)).where(
                SentEmail.dedupe_key.like(f"digest:{cadence.value}:{user_id}:%")
            )
        ).scalar_one_or_none()
        or 0
    )


def send_digest(user: User, cadence: Cadence, period: str, now: datetime) -> bool:
    """One digest of the notifications of every kind this person wants ``cadence``, since
    the last digest of that cadence; nothing when there is nothing new. Commits."""
    kinds = {key for key, value in preferences_for(user.id).items() if value == cadence}
    if not kinds:
        return False
    notifications = [
        n
        for n in db.session.execute(
            select(Notification)
            .where(
                Notification.user_id == user.id,
                Notification.id > _digest_cursor(user.id, cadence),
                Notification.created_at >= now - DIGEST_LOOKBACK,
            )
            .order_by(Notification.id)
        ).scalars()
        if kind_of_notification(n.kind) in kinds
    ]
    if not notifications:
        return False
    word = "today" if cadence == Cadence.DAILY else "this week"
    with site_context():
        action_url = url_for("notifications.index", _external=True)
    return deliver(
        user,
        sorted(kinds)[0] if len(kinds) == 1 else None,
        f"digest:{cadence.value}:{user.id}:{period}",
        "digest",
        f"Your {cadence.label.lower()}: {len(notifications)} new",
        last_notification_id=notifications[-1].id,
        intro=f"What happened for you {word}:",
        items=[{"text": n.text, "link": _link(n)} for n in notifications[-30:]],
        action="See all notifications",
        action_url=action_url,
    )


def digests_due(now: datetime) -> int:
    """Send the daily digests (every local morning) and weekly ones (Monday mornings) due
    at ``now``; returns how many were sent."""
    sent = 0
    users = db.session.execute(select(User).where(User.active.is_(True))).scalars().all()
    for user in users:
        try:
            local = now.astimezone(zone(user.timezone))
        except ValueError:
            continue
        if not DIGEST_FROM <= local.time() < DIGEST_UNTIL:
            continue
        day = local.date()
        sent += send_digest(user, Cadence.DAILY, day.isoformat(), now)
        sent += send_queue_digest(user, Cadence.DAILY, day.isoformat(), now)
        if day.weekday() == 0:
            year, week, _ = day.isocalendar()
            sent += send_digest(user, Cadence.WEEKLY, f"{year}-W{week:02d}", now)
            sent += send_queue_digest(user, Cadence.WEEKLY, f"{year}-W{week:02d}", now)
            sent += send_week_summary(user, f"{year}-W{week:02d}", now)
    return sent


def send_week_summary(user: User, period: str, now: datetime) -> bool:
    """The Monday e-mail about the person's last week, when there is something to say."""
    if cadence_for(user.id, "weekly") == Cadence.OFF:
        return False
    with site_context():
        items = week_summary(user, now)
        action_url = url_for("gamification.my_progress", _external=True)
    if not items:
        return False
    return deliver(
        user,
        "weekly",
        f"weekly:{user.id}:{period}",
        "digest",
        "Your week on PeerLearn",
        intro="Last week, in short:",
        items=[{"text": i.text, "link": i.link} for i in items],
        action="See your progress",
        action_url=action_url,
    )


def send_queue_digest(user: User, cadence: Cadence, period: str, now: datetime) -> bool:
    """For reviewers who want it at ``cadence``: what waits in the queue, longest first."""
    if not can_review(user) or cadence_for(user.id, "review_queue") != cadence:
        return False
    with site_context():
        total, items = queue_summary(user, now)
        action_url = url_for("authoring.review.queue", _external=True)
    if not total:
        return False
    return deliver(
        user,
        "review_queue",
        f"queue:{cadence.value}:{user.id}:{period}",
        "digest",
        f"{total} module{'s' if total != 1 else ''} waiting for review",
        intro="Waiting longest:",
        items=[{"text": i.text, "link": i.link} for i in items],
        action="Open the review queue",
        action_url=action_url,
    )


@periodic("mail.digests", crontab(minute="0"), "hourly (each person's local 08:00-11:00)")
def send_digests() -> None:
    """Daily digests each local morning, weekly ones on Monday mornings."""
    digests_due(utcnow())


def streak_reminders_due(now: datetime) -> int:
    """Send the streak reminders due at ``now``; returns how many were sent."""
    sent = 0
    weekends_free = active_catalog().settings.weekends_free
    for reminder in due_reminders(now, weekends_free):
        if cadence_for(reminder.user.id, "streak") == Cadence.OFF:
            continue
        with site_context():
            action_url = url_for("modules.catalog", _external=True)
        sent += deliver(
            reminder.user,
            "streak",
            f"streak:{reminder.user.id}:{reminder.day.isoformat()}",
            "streak_reminder",
            f"Your {reminder.streak}-day streak ends at midnight",
            streak=reminder.streak,
            action_url=action_url,
        )
    return sent


@periodic("mail.streak_reminders", crontab(minute="*/15"), "every 15 minutes (local 19:00-22:00)")
def send_streak_reminders() -> None:
    """Remind people whose streak ends at midnight and who have not learned today."""
    streak_reminders_due(utcnow())


@background("mail.password_reset")
def send_password_reset(user_id: int, request_id: str) -> None:
    """The password-reset link (``request_id`` makes each request one message)."""
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return
    deliver(
        user,
        None,
        f"password-reset:{request_id}",
        "password_reset",
        "Reset your password",
        token=reset_token(user),
    )


def send_export_ready(job_id: int) -> bool:
    """Tell whoever asked for a background export that its file is ready. Commits."""
    job = db.session.get(ExportJob, job_id)
    if job is None or job.state != "done" or job.requested_by_id is None:
        return False
    user = db.session.get(User, job.requested_by_id)
    if user is None or cadence_for(user.id, "exports") == Cadence.OFF:
        return False
    with site_context():
        link = url_for("reports.job", job_id=job.id, _external=True)
    return deliver(
        user,
        "exports",
        f"export-ready:{job.id}",
        "notification",
        "Your export is ready",
        text=f"Your {job.kind} export ({job.format.upper()}, {job.rows_done:,} rows) is "
        "ready to download.",
        link=link,
        action="Download the export",
    )


@background("mail.account_exists")
def send_account_exists(user_id: int, request_id: str) -> None:
    """Someone tried to sign up with this person's address: tell them, with the ways in
    (sign in, reset the password), instead of telling whoever signed up."""
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return
    deliver(
        user,
        None,
        f"account-exists:{request_id}",
        "account_exists",
        "You already have an account",
    )
