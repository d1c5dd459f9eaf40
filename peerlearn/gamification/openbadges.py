"""Open Badges 2.0 hosted verification: the Issuer profile, a BadgeClass per badge (with a
generated SVG image) and an Assertion per award, as public JSON at stable URLs, plus the
public page a learner shares. A revoked award answers ``410 Gone`` with ``"revoked": true``.

The recipient is the learner's e-mail hashed with a per-award salt
(``sha256$`` + SHA-256 of e-mail + salt), so the public JSON never shows the address.
"""

from __future__ import annotations

import hashlib
import hmac
from html import escape
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, url_for
from sqlalchemy import select

from peerlearn.accounts.models import User
from peerlearn.extensions import db
from peerlearn.gamification.catalog import active_catalog
from peerlearn.gamification.models import BadgeAward
from peerlearn.gamification.rules import BadgeDefinition

CONTEXT = "https://w3id.org/openbadges/v2"
TIER_COLOURS = {"bronze": ("#a4622a", "#f3dcc4"), "silver": ("#5f6b78", "#e6eaef"),
                "gold": ("#9a7400", "#fbefc2")}  # fmt: skip

bp = Blueprint("openbadges", __name__)


def _definition(key: str) -> BadgeDefinition:
    for badge in active_catalog().badges:
        if badge.key == key:
            return badge
    abort(404, "No such badge.")


def _award(uid: str) -> BadgeAward:
    award = db.session.execute(select(BadgeAward).where(BadgeAward.uid == uid)).scalar_one_or_none()
    if award is None:
        abort(404, "No such badge award.")
    return award


def salt_for(award: BadgeAward) -> str:
    """A stable per-award salt derived from the app's secret (nothing extra to store)."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"openbadges:{award.uid}".encode(), hashlib.sha256).hexdigest()[:16]


def hashed_identity(email: str, salt: str) -> str:
    """The Open Badges hashed recipient identity of ``email``."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def issuer_json() -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": url_for("gamification.openbadges.issuer", _external=True),
        "name": current_app.config["ORG_NAME"],
        "url": url_for("home.index", _external=True),
        "description": "Badges earned by learning from colleagues on PeerLearn.",
    }


def badge_class_json(badge: BadgeDefinition) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": url_for("gamification.openbadges.badge_class", key=badge.key, _external=True),
        "name": badge.name,
        "description": badge.description or badge.name,
        "image": url_for("gamification.openbadges.badge_image", key=badge.key, _external=True),
        "criteria": {"narrative": badge.description or badge.name},
        "issuer": url_for("gamification.openbadges.issuer", _external=True),
        "tags": [badge.tier],
    }


def assertion_json(award: BadgeAward, email: str) -> dict[str, Any]:
    salt = salt_for(award)
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": url_for("gamification.openbadges.assertion", uid=award.uid, _external=True),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": salt,
            "identity": hashed_identity(email, salt),
        },
        "badge": url_for(
            "gamification.openbadges.badge_class", key=award.badge_key, _external=True
        ),
        "issuedOn": award.awarded_at.isoformat(),
        "verification": {"type": "hosted"},
        "evidence": url_for("gamification.openbadges.badge_page", uid=award.uid, _external=True),
    }


def badge_svg(badge: BadgeDefinition) -> str:
    """A round badge in the tier's colours with the badge's initials and name."""
    ink, paper = TIER_COLOURS[badge.tier]
    initials = "".join(word[0] for word in badge.name.split()[:2]).upper()
    name = escape(badge.name)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240"'
        f' role="img" aria-label="{name} ({badge.tier})">'
        f"<title>{name}</title>"
        f'<circle cx="120" cy="120" r="112" fill="{paper}" stroke="{ink}" stroke-width="12"/>'
        f'<circle cx="120" cy="120" r="88" fill="none" stroke="{ink}" stroke-width="3"'
        ' stroke-dasharray="6 6"/>'
        f'<text x="120" y="138" font-family="sans-serif" font-size="64" font-weight="700"'
        f' text-anchor="middle" fill="{ink}">{escape(initials)}</text>'
        f'<text x="120" y="178" font-family="sans-serif" font-size="16" text-anchor="middle"'
        f' fill="{ink}">{escape(badge.tier.upper())}</text>'
        "</svg>"
    )


@bp.get("/openbadges/issuer")
def issuer() -> Response:
    """The Issuer profile (Open Badges 2.0)."""
    return jsonify(issuer_json())


@bp.get("/openbadges/badges/<key>")
def badge_class(key: str) -> Response:
    """A BadgeClass (Open Badges 2.0)."""
    return jsonify(badge_class_json(_definition(key)))


@bp.get("/openbadges/badges/<key>/image.svg")
def badge_image(key: str) -> Response:
    """The badge's image."""
    response = Response(badge_svg(_definition(key)), mimetype="image/svg+xml")
    response.cache_control.public, response.cache_control.max_age = True, 3600
    return response


@bp.get("/openbadges/assertions/<uid>")
def assertion(uid: str) -> Any:
    """An Assertion (hosted verification); 410 with ``revoked: true`` once revoked."""
    award = _award(uid)
    if award.is_revoked:
        body = {
            "@context": CONTEXT,
            "id": url_for("gamification.openbadges.assertion", uid=uid, _external=True),
            "type": "Assertion",
            "revoked": True,
            "revocationReason": award.revoked_reason or "Revoked by the issuer.",
        }
        return jsonify(body), 410
    user = db.session.get(User, award.user_id)
    assert user is not None  # awards cascade with their user
    return jsonify(assertion_json(award, user.email))


@bp.get("/badges/<uid>")
def badge_page(uid: str) -> Any:
    """The public page a learner shares for one of their badges."""
    award = _award(uid)
    badge = _definition(award.badge_key)
    user = db.session.get(User, award.user_id)
    status = 410 if award.is_revoked else 200
    return render_template(
        "gamification/badge_public.html", award=award, badge=badge, holder=user
    ), status
