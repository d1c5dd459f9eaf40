"""The demo catalog (``peerlearn.demo``, after the people): ~170 modules taken to every state
of vetting, with reviews, flags and content requests. The modules themselves are in
``content*.py`` (hand-written) and ``content_generated`` (the long tail, from templates).

Everything goes through the real services (so events, notifications and points are what
the running app would produce). Idempotent: modules are skipped by slug, requests by title.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Any

from sqlalchemy import select

from peerlearn.authoring import content_requests, flags, review, services
from peerlearn.authoring.community_models import ContentRequest
from peerlearn.authoring.models import Submission
from peerlearn.authoring.rubric import rubric_criteria
from peerlearn.content.models import Module
from peerlearn.demo import (
    content,
    content_business,
    content_generated,
    content_people,
    content_tools,
    content_wellbeing,
)
from peerlearn.demo.content import ModuleEntry
from peerlearn.events import utcnow
from peerlearn.extensions import db

# The order matters: a module's position picks its author, its reviewer and its scores.
HAND_WRITTEN = (
    content.MODULES
    + content_tools.MODULES
    + content_people.MODULES
    + content_business.MODULES
    + content_wellbeing.MODULES
)


@cache
def catalog(company: bool = False) -> list[ModuleEntry]:
    """The standard demo's catalog: the hand-written modules (short reads, most of them) and
    one long-tail module of each reading time from 2 to 10 minutes; with ``company`` (``seed-demo
    --scale company``), the whole long tail after them. Built on first use."""
    standard = list(HAND_WRITTEN) + content_generated.one_of_each_length()
    if not company:
        return standard
    return standard + [m for m in content_generated.generated_modules() if m not in standard]


def __getattr__(name: str) -> list[ModuleEntry]:
    """``MODULES`` and ``COMPANY_MODULES``: :func:`catalog`, built on first use."""
    if name in ("MODULES", "COMPANY_MODULES"):
        return catalog(company=name == "COMPANY_MODULES")
    raise AttributeError(name)


DRAFTS = {"remote-team-rituals", "giving-a-lightning-talk", "teaching-with-examples"}
IN_REVIEW = {
    "conditional-formatting",
    "undo-in-git",
    "hybrid-meetings",
    "discovery-questions",
    "managing-your-energy",
    "documenting-decisions",
}
CHANGES_REQUESTED = {
    "gitignore-secrets": "Great topic! Please add the exact steps to revoke a leaked key, "
    "and link the secrets manager guide.",
    "facilitating-a-retro": "Could you add an example of a good experiment? It reads a bit "
    "abstract for first-time facilitators.",
    "inclusive-language": "Thank you for writing this. Please add two or three examples "
    "from our own documents so it feels close to home.",
    "purchase-orders": "The limit changed to 1,500 EUR in January; please check with "
    "Finance and update the first bullet.",
}
REJECTED = {
    "handling-price-objections": "Discount approval levels are confidential to the sales "
    "team and must not be in company-wide content.",
    "company-card-rules": "This repeats the official card policy, which Finance keeps; "
    "please link to it instead of restating it.",
}
ARCHIVED = {
    "booking-a-meeting-room": "The office moved to the new booking app; the check-in "
    "rules here no longer apply.",
    "customer-health-scores": "The health score was redesigned in Q2; this describes the "
    "old signals.",
}
OFFICIAL = {
    "spotting-phishing",
    "strong-passphrases",
    "mfa-basics",
    "reporting-a-security-incident",
    "expense-policy-essentials",
    "booking-business-travel",
    "first-week-checklist",
    "writing-a-peerlearn-module",
}
STALE = {"reading-a-dashboard", "video-call-basics"}
COACHED_FIRST = {"sql-joins", "giving-feedback-sbi", "xlookup-in-two-minutes", "reading-a-pnl"}
REQUESTS = [
    ("How to read our cloud bill", "What the biggest line items mean and who to ask.", 4),
    ("Accessibility basics for slide decks", "Contrast, font size, alt text.", 6),
    ("Giving a good demo to a customer", "", 3),
    ("Our incident severity levels explained", "SEV1 to SEV4 with examples.", 2),
    ("Negotiating your first vendor contract", "", 1),
]


def _scores(seed: int) -> dict[str, int]:
    return {c.key: 3 + (seed + i) % 3 for i, c in enumerate(rubric_criteria())}


def _reviewer_for(module: Module, reviewers: list[Any], seed: int) -> Any:
    others = [r for r in reviewers if r.id != module.author_id]
    return others[seed % len(others)]


def _approve(module: Module, reviewers: list[Any], seed: int, official: bool) -> None:
    submission = services.submit(module.author, module)
    if submission.state == "pending":  # pre-publication, or a post-publication check
        reviewer = _reviewer_for(module, reviewers, seed)
        review.claim(reviewer, submission)
        comment = "Clear and useful — thank you!" if seed % 2 else "Approved. Nice examples."
        review.decide(reviewer, submission, "approve", _scores(seed), comment, official=official)


def _create(entry: tuple[Any, ...], seed: int, authors: list[Any], official: list[Any]) -> Module:
    slug, title, summary, tags, body, quiz = entry
    pool = official if slug in OFFICIAL else authors
    values = {"title": title, "summary": summary, "body_markdown": body, "tags": list(tags)}
    return services.create_module(pool[seed % len(pool)], {**values, "quiz": quiz}, slug=slug)


def _progress(module: Module, seed: int, reviewers: list[Any]) -> None:
    """Take a draft to its demo state through submissions and reviews."""
    slug, author = module.slug, module.author
    if slug in DRAFTS:
        return
    if slug in COACHED_FIRST:
        first = services.submit(author, module)
        review.decide(
            _reviewer_for(module, reviewers, seed),
            first,
            "request_changes",
            {"clarity": 3},
            "Nearly there: add one example from our own work and it is ready.",
        )
        body = module.draft_revision.body_markdown + "\n\n*Example: how Finance uses this.*"
        services.save_draft(author, module, {"body_markdown": body})
    if slug in IN_REVIEW:
        services.submit(author, module)
    elif slug in CHANGES_REQUESTED:
        submission = services.submit(author, module)
        reviewer = _reviewer_for(module, reviewers, seed)
        review.decide(reviewer, submission, "request_changes", {}, CHANGES_REQUESTED[slug])
    elif slug in REJECTED:
        submission = services.submit(author, module)
        reviewer = _reviewer_for(module, reviewers, seed)
        review.decide(reviewer, submission, "reject", {}, REJECTED[slug])
    else:
        _approve(module, reviewers, seed, official=slug in OFFICIAL)
        if slug in ARCHIVED:
            flags.archive_module(_reviewer_for(module, reviewers, seed), module, ARCHIVED[slug])


def _age_the_queue(created: list[Module]) -> None:
    """Spread submission times over the last days so the queue has ages and a backlog."""
    now = utcnow()
    ids = [m.id for m in created]
    pending = db.session.execute(
        select(Submission).where(Submission.module_id.in_(ids), Submission.state == "pending")
    ).scalars()
    for n, submission in enumerate(pending):
        submission.submitted_at = now - timedelta(hours=7 + 19 * n)
    for module in created:
        if module.slug in STALE and module.review_by is not None:
            module.review_by = now.date() - timedelta(days=12)
    db.session.flush()


def _seed_community(by_slug: dict[str, Module], people: list[Any], reviewers: list[Any]) -> None:
    flagged = [
        ("pivot-tables-first-steps", "inaccurate", "In the new Excel the menu is Insert → Table."),
        ("booking-business-travel", "outdated", "The travel portal changed supplier in March."),
    ]
    for n, (slug, reason, note) in enumerate(flagged):
        module = by_slug.get(slug)
        reader = people[(n * 5 + 3) % len(people)]
        if module is not None and module.is_live and module.author_id != reader.id:
            flags.flag_module(reader, module, reason, note)
    titles = set(db.session.execute(select(ContentRequest.title)).scalars())
    for n, (title, description, votes) in enumerate(REQUESTS):
        if title in titles:
            continue
        asker = reviewers[0] if n == 0 else people[(n * 7) % len(people)]
        request = content_requests.post_request(asker, title, description, priority=n == 0)
        voters = [p for p in people if p.id != asker.id][n : n + votes]
        for voter in voters:
            content_requests.upvote(voter, request)
        if n == 2:
            content_requests.take_request(people[(n * 7 + 1) % len(people)], request)


def seed_modules(
    authors: list[Any], official_authors: list[Any], reviewers: list[Any], company: bool = False
) -> int:
    """Create the demo modules that are missing (with ``company``, the long tail too); return
    how many were created."""
    existing = set(db.session.execute(select(Module.slug)).scalars())
    entries = catalog(company)
    missing = [(seed, e) for seed, e in enumerate(entries) if e[0] not in existing]
    created = []
    for seed, entry in missing:
        created.append((seed, _create(entry, seed, authors, official_authors).revision.module))
    for _, module in created:  # again, now that every [[link]] has its title
        if "[[" in module.draft_revision.body_markdown:
            body = module.draft_revision.body_markdown
            services.save_draft(module.author, module, {"body_markdown": body})
    for seed, module in created:
        _progress(module, seed, reviewers)
    modules = [module for _, module in created]
    if modules:
        _age_the_queue(modules)
        _seed_community({m.slug: m for m in modules}, authors, reviewers)
    db.session.flush()
    return len(modules)
