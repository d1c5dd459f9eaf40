"""Learning events as xAPI 1.0.3 statements.

* actor: an ``account`` on this site (``homePage`` = the site URL, ``name`` = the user id),
  or, with ``XAPI_ACTOR=mbox_sha1sum``, the SHA-1 of ``mailto:email`` — never the e-mail;
* verb: the ADL vocabulary where one fits, otherwise an IRI under the site URL;
* object: an Activity whose id is the module's (or quiz's) URL on this site;
* result: score (scaled 0–1, raw, min, max), success, completion, duration (ISO 8601: the
  completion's credited reading time, never what a client claimed);
* id: UUIDv5 of the event id in a namespace derived from the site URL, so the same event is
  always the same statement (re-sending it never duplicates it in an LRS).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from sqlalchemy import and_

from peerlearn.accounts.models import Department, User
from peerlearn.events import LearningEvent, Verb
from peerlearn.reports.tables import keyset_events

XAPI_VERSION = "1.0.3"
ADL = "http://adlnet.gov/expapi/verbs/"
ACTIVITY_TYPES = {
    "module": "http://adlnet.gov/expapi/activities/lesson",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
}
# verb → (IRI or None for a site IRI, English display); other verbs get a site IRI and
# their name as display. (A failed quiz is ``quiz_attempted`` with ``success: false``.)
VERBS: dict[Verb, tuple[str | None, str]] = {
    Verb.MODULE_VIEWED: (ADL + "experienced", "experienced"),
    Verb.MODULE_COMPLETED: (ADL + "completed", "completed"),
    Verb.QUIZ_ATTEMPTED: (ADL + "attempted", "attempted"),
    Verb.QUIZ_PASSED: (ADL + "passed", "passed"),
    Verb.COMMENT_POSTED: (ADL + "commented", "commented"),
    Verb.MODULE_CLAPPED: (None, "clapped"),
    Verb.MODULE_SUBMITTED: (None, "submitted for review"),
    Verb.MODULE_PUBLISHED: (None, "published"),
}
STATEMENT_COLUMNS = [
    LearningEvent.id,
    LearningEvent.occurred_at,
    LearningEvent.verb,
    LearningEvent.actor_id,
    LearningEvent.object_type,
    LearningEvent.object_id,
    LearningEvent.context,
    User.email,
    User.display_name,
    Department.name,
]


def site_url() -> str:
    return current_app.config["SITE_URL"].rstrip("/")


def statement_id(event_id: int, base: str | None = None) -> str:
    """The stable statement id of a learning event."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, (base or site_url()) + "/xapi")
    return str(uuid.uuid5(namespace, str(event_id)))


def _actor(actor_id: int, email: str | None, name: str | None, base: str) -> dict[str, Any]:
    actor: dict[str, Any] = {"objectType": "Agent"}
    if current_app.config["XAPI_ACTOR"] == "mbox_sha1sum" and email:
        actor["mbox_sha1sum"] = hashlib.sha1(f"mailto:{email}".encode()).hexdigest()
    else:
        actor["account"] = {"homePage": base, "name": str(actor_id)}
    if name and current_app.config["XAPI_ACTOR"] == "mbox_sha1sum":
        actor["name"] = name
    return actor


def _verb(verb: str, base: str) -> dict[str, Any]:
    iri, display = VERBS.get(verb, (None, verb.replace("_", " ")))
    return {"id": iri or f"{base}/xapi/verbs/{verb}", "display": {"en-US": display}}


QUIZ_VERBS = (Verb.QUIZ_ATTEMPTED, Verb.QUIZ_PASSED)


def _object(
    verb: str, object_type: str | None, object_id: int | None, ctx: dict[str, Any], base: str
) -> dict[str, Any]:
    quiz = object_type == "module" and verb in QUIZ_VERBS
    kind = "quiz" if quiz else (object_type or "activity")
    path = f"modules/{object_id}/quiz" if quiz else f"{object_type or 'activity'}s/{object_id}"
    definition: dict[str, Any] = {
        "type": ACTIVITY_TYPES.get(kind, f"{base}/xapi/activities/{kind}")
    }
    title = ctx.get("title")
    if isinstance(title, str) and title:
        definition["name"] = {"en-US": title}
    return {"objectType": "Activity", "id": f"{base}/{path}", "definition": definition}


def iso_duration(seconds: float) -> str:
    """``PT1M30S`` style (xAPI durations are ISO 8601; hours and minutes kept small)."""
    total = round(float(seconds), 2)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{int(hours)}H"
    if minutes:
        text += f"{int(minutes)}M"
    if secs or text == "PT":
        text += f"{secs:g}S"
    return text


def _result(verb: str, ctx: dict[str, Any]) -> dict[str, Any] | None:
    result: dict[str, Any] = {}
    score = ctx.get("score")
    if isinstance(score, int | float) and not isinstance(score, bool):
        raw = max(0.0, min(100.0, float(score)))
        result["score"] = {"scaled": round(raw / 100, 4), "raw": raw, "min": 0, "max": 100}
    if isinstance(ctx.get("passed"), bool):
        result["success"] = ctx["passed"]
    elif verb == Verb.QUIZ_PASSED:
        result["success"] = True
    if verb == Verb.MODULE_COMPLETED:
        result["completion"] = True
    # The completion's credited reading time (peerlearn.modules.reading), never a client's
    # claim: a forged report cannot lengthen what the learning record store is told.
    seconds = ctx.get("reading_seconds")
    if isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds >= 0:
        result["duration"] = iso_duration(seconds)
    return result or None


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def statement(row: Any, base: str | None = None) -> dict[str, Any]:
    """The xAPI statement of one row of :data:`STATEMENT_COLUMNS`."""
    base = base or site_url()
    event_id, occurred, verb, actor_id, object_type, object_id, ctx = row[:7]
    ctx = ctx or {}
    built: dict[str, Any] = {
        "id": statement_id(event_id, base),
        "actor": _actor(actor_id, row[7], row[8], base),
        "verb": _verb(verb, base),
        "object": _object(verb, object_type, object_id, ctx, base),
        "timestamp": _timestamp(occurred),
        "context": {
            "platform": "PeerLearn",
            "extensions": {f"{base}/xapi/extensions/event-id": event_id},
        },
    }
    tags = ctx.get("tags")
    if isinstance(tags, list) and tags:
        built["context"]["extensions"][f"{base}/xapi/extensions/tags"] = [str(t) for t in tags]
    result = _result(verb, ctx)
    if result:
        built["result"] = result
    return built


def statements(clause: Any, batch: int = 500) -> Iterator[dict[str, Any]]:
    """Statements of the events matching ``clause`` (those with an actor), in id order."""
    base = site_url()
    for row in keyset_events(
        and_(clause, LearningEvent.actor_id.is_not(None)), STATEMENT_COLUMNS, batch
    ):
        yield statement(row, base)
