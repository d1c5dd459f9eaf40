"""Drafts, revisions, vetting policies, learning events, links and the diff."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peerlearn.authoring.diff import diff_html, diff_revisions
from peerlearn.authoring.drafting import clean_tags
from peerlearn.authoring.queries import revisions_of
from peerlearn.authoring.review import decide
from peerlearn.authoring.rubric import rubric_criteria
from peerlearn.authoring.services import (
    add_months,
    create_module,
    save_draft,
    submit,
)
from peerlearn.content.models import ModuleRevision, RevisionImmutable
from peerlearn.content.queries import backlinks
from peerlearn.errors import Conflict, PermissionDenied, ServiceError
from peerlearn.events import LearningEvent
from peerlearn.organisation.services import update_settings
from tests.factories import (
    QUIZ,
    make_module,
    make_reviewer,
    make_user,
    publish_module,
    submit_module,
)


def events(db, verb):
    stmt = select(LearningEvent).where(LearningEvent.verb == verb).order_by(LearningEvent.id)
    return list(db.session.execute(stmt).scalars())


def scores(value=4):
    return {c.key: value for c in rubric_criteria()}


def set_policy(policy, **more):
    update_settings(make_user("admin"), {"vetting_policy": policy, **more})


def test_tags_are_normalised_and_created_on_type(db):
    assert clean_tags(["  SQL  Basics ", "#sql basics", "Security", ""]) == [
        "sql basics",
        "security",
    ]
    module = make_module(tags=("Security", "Phishing"))
    assert [t.name for t in module.tags] == ["phishing", "security"]
    with pytest.raises(ServiceError) as caught:
        clean_tags([f"t{i}" for i in range(9)])
    assert caught.value.field == "tags"


def test_slugs_are_unique_and_readable(db):
    author = make_user()
    first = create_module(author, {"title": "Écrire un bon e-mail!"}).revision.module
    second = create_module(author, {"title": "Écrire un bon e-mail"}).revision.module
    assert (first.slug, second.slug) == ("ecrire-un-bon-e-mail", "ecrire-un-bon-e-mail-2")
    with pytest.raises(Conflict):
        create_module(author, {"title": "x"}, slug="ecrire-un-bon-e-mail")


def test_saving_a_draft_updates_it_until_it_is_submitted(db):
    module = make_module(quiz=QUIZ)
    save_draft(module.author, module, {"summary": "Sharper summary."})
    assert [r.number for r in revisions_of(module)] == [1]
    submitted = module.draft_revision
    decide(make_reviewer(), submit_module(module), "request_changes", comment="Add an example.")
    body = submitted.body_markdown + "\n\nAn example from Finance."
    result = save_draft(module.author, module, {"body_markdown": body})
    again = save_draft(module.author, module, {"summary": "Even sharper."})
    db.session.commit()
    assert [r.number for r in revisions_of(module)] == [2, 1]
    assert result.revision.id == again.revision.id == module.draft_revision_id
    assert result.revision.quiz == submitted.quiz  # unchanged fields carry over
    assert submitted.summary == "Sharper summary."  # the submitted revision is untouched
    assert module.state == "changes_requested"


def _pending(module):
    from peerlearn.authoring.queries import pending_submission

    return pending_submission(module)


def test_frozen_revisions_are_immutable(db):
    module = make_module()
    submit_module(module)
    revision = db.session.get(ModuleRevision, module.draft_revision_id)
    assert revision.is_frozen
    revision.title = "Sneaky change"
    with pytest.raises(RevisionImmutable):
        db.session.flush()
    db.session.rollback()
    revision = db.session.get(ModuleRevision, module.draft_revision_id)
    revision.frozen_at = None
    with pytest.raises(RevisionImmutable):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(RevisionImmutable):
        db.session.delete(db.session.get(ModuleRevision, module.draft_revision_id))
        db.session.flush()
    db.session.rollback()


def test_only_the_author_edits_and_submits(db):
    module = make_module()
    for intruder in (make_user(), make_reviewer(), make_user("admin")):
        with pytest.raises(PermissionDenied):
            save_draft(intruder, module, {"title": "Mine now"})
        with pytest.raises(PermissionDenied):
            submit(intruder, module)


def test_submission_needs_a_summary_a_body_and_a_sane_length(db):
    with pytest.raises(ServiceError) as caught:
        submit_module(make_module(summary=""))
    assert caught.value.field == "summary"
    db.session.rollback()
    with pytest.raises(ServiceError) as caught:
        submit_module(make_module(body="Too short."))
    assert caught.value.field == "body_markdown"
    db.session.rollback()
    long_body = "word " * (16 * 200)
    module = make_module(body=long_body)
    assert module.draft_revision.estimated_minutes == 16
    with pytest.raises(ServiceError) as caught:
        submit_module(module)
    assert "15-minute limit" in caught.value.message


def test_long_drafts_and_broken_links_warn_the_author(db):
    make_module(slug="exists")
    result = create_module(
        make_user(),
        {"title": "Long", "body_markdown": "word " * 1600 + " [[exists]] [[nowhere]]"},
    )
    warnings = " ".join(result.warnings)
    assert "micro-modules work best under 7" in warnings
    assert "[[nowhere]] links to a module that does not exist" in warnings
    assert "[[exists]] links to a module that is not published" in warnings


def test_pre_policy_waits_for_a_reviewer(db):
    module = make_module()
    submission = submit_module(module)
    assert (module.state, submission.state) == ("in_review", "pending")
    assert module.published_revision_id is None


def test_post_policy_publishes_at_once_and_queues_a_check(db):
    set_policy("post")
    module = make_module()
    submission = submit_module(module)
    assert module.state == "published" and module.published_revision_id is not None
    assert (submission.state, submission.published_on_submit) == ("pending", True)
    decide(make_reviewer(), submission, "reject", comment="Contains a customer's data.")
    db.session.commit()
    assert module.state == "rejected"


def test_post_policy_rejecting_an_edit_restores_the_previous_revision(db):
    set_policy("post")
    module = make_module(title="Original")
    submit_module(module)
    first_id = module.published_revision_id
    save_draft(module.author, module, {"title": "Edited"})
    submission = submit(module.author, module)
    db.session.commit()
    assert module.published_revision.title == "Edited"
    decide(make_reviewer(), submission, "reject", comment="The edit broke the examples.")
    db.session.commit()
    assert (module.state, module.published_revision_id) == ("published", first_id)


def test_trusted_policy_lets_proven_authors_publish(db):
    set_policy("trusted", trusted_author_threshold=2)
    author, reviewer = make_user(), make_reviewer()
    first = publish_module(make_module(author), reviewer=reviewer)
    newcomer_module = make_module(author)
    assert submit_module(newcomer_module).state == "pending"  # one approved module: not yet
    decide(reviewer, _pending(newcomer_module), "approve", scores())
    db.session.commit()
    trusted = make_module(author)
    submission = submit_module(trusted)
    assert trusted.state == "published"
    assert (submission.state, submission.published_on_submit) == ("approved", True)
    assert first.state == "published"
    other = make_module()  # another author is not trusted
    assert submit_module(other).state == "pending"


def test_module_events_carry_author_tags_and_revision(db):
    author, reviewer = make_user(), make_reviewer()
    module = make_module(author, tags=("SQL", "Data"))
    submission = submit_module(module)
    decide(reviewer, submission, "approve", scores(5), comment="Great.")
    db.session.commit()
    revision_id = module.published_revision_id
    (submitted,) = events(db, "module_submitted")
    (decided,) = events(db, "review_decided")
    (published,) = events(db, "module_published")
    for event in (submitted, decided, published):
        assert event.object_type == "module" and event.object_id == module.id
        assert event.context["author_id"] == author.id
        assert event.context["tags"] == ["sql", "data"]
        assert event.context["revision_id"] == revision_id
    assert submitted.actor_id == author.id
    assert decided.actor_id == reviewer.id
    assert decided.context["decision"] == "approve"
    assert decided.context["rubric"] == scores(5)
    assert published.context["first_publication"] is True

    save_draft(author, module, {"title": "v2"})
    decide(reviewer, submit(author, module), "approve", scores())
    db.session.commit()
    assert [e.context["first_publication"] for e in events(db, "module_published")] == [
        True,
        False,
    ]


def test_publication_sets_review_by_and_tags(db):
    module = publish_module(tags=("excel",))
    assert module.review_by == add_months(module.first_published_at.date(), 12)
    assert [t.name for t in module.tags] == ["excel"]


def test_backlinks_come_from_published_revisions(db):
    target = publish_module(slug="sql-basics")
    linking = publish_module(body="Before this, read [[sql-basics]]. " + "word " * 30)
    draft_only = make_module(body="Also see [[sql-basics]].")
    assert backlinks(target) == [linking]
    assert draft_only not in backlinks(target)


def test_diff_is_readable_and_escaped(db):
    filler = "\n\n" + "word " * 25
    module = make_module(title="Old <b>title</b>", body="line one\nline two\nline three" + filler)
    old = module.draft_revision
    submit_module(module)
    decide(make_reviewer(), _pending(module), "request_changes", comment="Fix line two.")
    body = "line one\n<script>x</script>\nline three" + filler
    save_draft(module.author, module, {"title": "New", "body_markdown": body})
    db.session.commit()
    sections = {s.name: s for s in diff_revisions(old, module.draft_revision)}
    assert [(line.kind, line.text) for line in sections["Body"].lines][:4] == [
        ("same", "line one"),
        ("removed", "line two"),
        ("added", "<script>x</script>"),
        ("same", "line three"),
    ]
    html = diff_html(list(sections.values()))
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "Old &lt;b&gt;title&lt;/b&gt;" in html
    assert not sections["Quiz"].changed
