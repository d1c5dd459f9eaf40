"""Forwarding xAPI statements to an external learning record store (LRS).

The cursor (:class:`XapiForwardState`) remembers the last event the LRS accepted. Each run
sends the events after it in batches (``POST {endpoint}/statements``, basic auth, header
``X-Experience-API-Version: 1.0.3``), retrying a failed batch with back-off; the cursor moves
only after the LRS accepts a batch, and is committed batch by batch, so nothing is lost
while the LRS is down and nothing is sent twice once it is back. Statement ids are stable,
so even a batch re-sent after a crash is recognised by the LRS.
"""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from peerlearn.events import LearningEvent, utcnow
from peerlearn.extensions import db
from peerlearn.reports.models import XapiForwardState
from peerlearn.reports.xapi import XAPI_VERSION, statements

BATCH_SIZE = 100
RETRIES = 3
TIMEOUT_SECONDS = 20


class LrsUnavailable(Exception):
    """The LRS refused or did not answer a batch after every retry."""


@dataclass
class ForwardReport:
    sent: int
    batches: int
    backlog: int
    error: str | None = None


def forwarding_status() -> XapiForwardState:
    """The cursor as pages show it: the stored row, or an unsaved one before the first run
    (reading it writes nothing)."""
    state = db.session.execute(select(XapiForwardState).limit(1)).scalar_one_or_none()
    return state or XapiForwardState(last_event_id=0, sent_total=0, failures=0)


def forward_state() -> XapiForwardState:
    """The cursor row the forwarder moves (created on its first run; flushes)."""
    state = forwarding_status()
    if state.id is None:
        db.session.add(state)
        db.session.flush()
    return state


def backlog(after_id: int) -> int:
    """Events with an actor that the LRS has not accepted yet."""
    return db.session.execute(
        select(func.count())
        .select_from(LearningEvent)
        .where(LearningEvent.id > after_id, LearningEvent.actor_id.is_not(None))
    ).scalar_one()


def configured() -> bool:
    return bool(current_app.config.get("XAPI_LRS_URL"))


def post_statements(batch: list[dict[str, Any]]) -> None:
    """POST one batch; raise :class:`LrsUnavailable` after the retries are used up."""
    config = current_app.config
    url = config["XAPI_LRS_URL"].rstrip("/") + "/statements"
    credentials = f"{config['XAPI_LRS_KEY']}:{config['XAPI_LRS_SECRET']}".encode()
    headers = {
        "Content-Type": "application/json",
        "X-Experience-API-Version": XAPI_VERSION,
        "Authorization": "Basic " + base64.b64encode(credentials).decode(),
    }
    body = json.dumps(batch).encode()
    delay = config.get("XAPI_RETRY_DELAY", 1.0)
    last_error = ""
    for attempt in range(RETRIES):
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                if 200 <= response.status < 300:
                    return
                last_error = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace")
            if exc.code == 409:  # these statement ids are stored already: accepted before
                return
            last_error = f"HTTP {exc.code}: {detail}"
            if 400 <= exc.code < 500 and exc.code not in (408, 429):
                break  # the LRS rejects the content: retrying will not help
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            last_error = f"unreachable: {getattr(exc, 'reason', exc)}"
        if attempt + 1 < RETRIES:
            time.sleep(delay * (2**attempt))
    raise LrsUnavailable(last_error)


def forward(max_batches: int | None = None) -> ForwardReport:
    """Send the backlog in batches; commit the cursor after each accepted batch.

    This is a command-level function (like a view): it commits.
    """
    state = forward_state()
    db.session.commit()
    sent = batches = 0
    error = None
    while max_batches is None or batches < max_batches:
        state = forward_state()
        clause = LearningEvent.id > state.last_event_id
        batch = []
        last_id = state.last_event_id
        for item in statements(clause, BATCH_SIZE):
            batch.append(item)
            last_id = item["context"]["extensions"][_event_id_key(item)]
            if len(batch) >= BATCH_SIZE:
                break
        if not batch:
            break
        state.last_attempt_at = utcnow()
        try:
            post_statements(batch)
        except LrsUnavailable as exc:
            state.failures += 1
            state.last_error = str(exc)
            db.session.commit()
            error = str(exc)
            break
        state.last_event_id = last_id
        state.sent_total += len(batch)
        state.last_success_at = utcnow()
        state.failures = 0
        state.last_error = None
        db.session.commit()
        sent += len(batch)
        batches += 1
    remaining = backlog(forward_state().last_event_id)
    db.session.commit()
    return ForwardReport(sent=sent, batches=batches, backlog=remaining, error=error)


def _event_id_key(item: dict[str, Any]) -> str:
    return next(k for k in item["context"]["extensions"] if k.endswith("/xapi/extensions/event-id"))
