"""Hand a message to the SMTP server named by ``SMTP_URL``, or, when none is configured (a
laptop running ``make run``), write it as an ``.eml`` file under ``instance/outbox``."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app

TIMEOUT = 30


def outbox_dir() -> Path:
    path = Path(current_app.instance_path) / "outbox"
    path.mkdir(parents=True, exist_ok=True)
    return path


def send(message: EmailMessage) -> None:
    """Deliver ``message``; raises (``OSError``, ``smtplib.SMTPException``) when the server
    does not take it, so the task is retried."""
    url = current_app.config.get("SMTP_URL") or ""
    if not url:
        name = message["Message-ID"].strip("<>").replace("@", "_").replace("/", "_")
        (outbox_dir() / f"{name}.eml").write_bytes(bytes(message))
        return
    parts = urlsplit(url)
    host, scheme = parts.hostname or "localhost", parts.scheme
    if scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            host, parts.port or 465, timeout=TIMEOUT, context=ssl.create_default_context()
        )
    elif scheme in {"smtp", "smtp+starttls"}:
        client = smtplib.SMTP(host, parts.port or (587 if "starttls" in scheme else 25),
                              timeout=TIMEOUT)  # fmt: skip
    else:
        raise ValueError(f"PEERLEARN_SMTP_URL: unknown scheme {scheme!r}")
    with client:
        if scheme == "smtp+starttls":
            client.starttls(context=ssl.create_default_context())
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)
