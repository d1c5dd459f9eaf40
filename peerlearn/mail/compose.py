"""Build a message: both parts rendered from ``templates/mail/<name>.txt`` and ``.html``
(which extend the site-styled ``base``), the footer's preferences link, and for optional
kinds the ``List-Unsubscribe`` headers of RFC 2369 and RFC 8058 (one-click)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, render_template, url_for

from peerlearn.events import utcnow
from peerlearn.mail.kinds import BY_KEY
from peerlearn.mail.tokens import unsubscribe_token


def site_context() -> Any:
    """A request context on the public site URL, so ``url_for(..., _external=True)`` gives
    links that work from a mailbox."""
    return current_app.test_request_context("/", base_url=current_app.config["SITE_URL"])


def compose(
    user: Any, kind: str | None, template: str, subject: str, **context: Any
) -> EmailMessage:
    """The message for ``user`` (kind None: an account message, not optional)."""
    with site_context():
        unsubscribe = (
            url_for("mail.unsubscribe", token=unsubscribe_token(user.id, kind), _external=True)
            if kind in BY_KEY
            else None
        )
        values = {
            "user": user,
            "subject": subject,
            "org_name": current_app.config["ORG_NAME"],
            "site_url": url_for("home.index", _external=True),
            "preferences_url": url_for("mail.preferences", _external=True),
            "unsubscribe_url": unsubscribe,
            "kind_label": BY_KEY[kind].label if kind in BY_KEY else None,
            **context,
        }
        text = render_template(f"mail/{template}.txt", **values)
        html = render_template(f"mail/{template}.html", **values)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = f"{user.display_name} <{user.email}>"
    message["Date"] = format_datetime(utcnow())
    domain = urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"
    message["Message-ID"] = make_msgid("peerlearn", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message
