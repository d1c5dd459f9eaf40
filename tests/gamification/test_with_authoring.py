"""The engine fed by the real authoring services: publication pays, a flagged archive
reverses, and a fulfilled content request pays its author."""

from __future__ import annotations

from peerlearn.authoring.content_requests import post_request, take_request
from peerlearn.authoring.flags import archive_module, flag_module
from peerlearn.authoring.services import save_draft
from peerlearn.extensions import db as _db
from tests.factories import (
    DEFAULT_BODY,
    make_module,
    make_reviewer,
    make_user,
    publish_module,
    record_learning,
)
from tests.gamification.helpers import total


def test_publication_pays_and_a_flagged_archive_reverses(db):
    author = make_user()
    reviewer = make_reviewer()
    reader = make_user()
    module = publish_module(make_module(author), reviewer=reviewer)
    assert total(author) == 50
    record_learning("module_completed", reader, module.id, author=author)
    assert (total(author), total(reader)) == (52, 10)

    flag_module(reader, module, "inaccurate", "The numbers are wrong.")
    archive_module(reviewer, module, "Inaccurate figures.")
    _db.session.commit()
    assert (total(author), total(reader)) == (0, 0)


def test_an_archive_without_flags_reverses_nothing(db):
    author = make_user()
    reviewer = make_reviewer()
    module = publish_module(make_module(author), reviewer=reviewer)
    archive_module(reviewer, module, "Superseded by the new policy module.")
    _db.session.commit()
    assert total(author) == 50


def _answer(author, request):
    """Take the request, write the draft it starts, and have it approved."""
    module = take_request(author, request).revision.module
    save_draft(
        author,
        module,
        {"title": request.title, "summary": "What we do.", "body_markdown": DEFAULT_BODY},
    )
    _db.session.commit()
    return publish_module(module, reviewer=make_reviewer())


def test_fulfilling_a_request_pays_its_author_but_not_for_your_own(db):
    requester = make_user()
    author = make_user()
    request = post_request(requester, "How we run incident reviews")
    _db.session.commit()
    _answer(author, request)
    assert total(author) == 50 + 25

    own = post_request(author, "Writing good commit messages")
    _db.session.commit()
    _answer(author, own)
    assert total(author) == 75 + 50  # published, but no bonus for answering yourself
