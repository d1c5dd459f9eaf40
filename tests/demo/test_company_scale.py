"""The company-sized demo's parts, checked without seeding it (that takes minutes): the long
tail of modules, the unnamed colleagues and the long-tailed reading appetite."""

from __future__ import annotations

import random
from collections import Counter

from peerlearn.content.rendering import estimate_minutes
from peerlearn.demo.content_generated import MODULES as GENERATED
from peerlearn.demo.history import _appetite
from peerlearn.demo.modules import COMPANY_MODULES, MODULES
from peerlearn.demo.people import PEOPLE, colleagues, demo_email


def test_the_catalog_reaches_150_published_with_every_length():
    assert len(COMPANY_MODULES) >= 165 and len(GENERATED) >= 100
    slugs = [entry[0] for entry in COMPANY_MODULES]
    assert len(set(slugs)) == len(slugs)
    minutes = [estimate_minutes(len(entry[4].split()), 0) for entry in GENERATED]
    assert min(minutes) >= 2 and max(minutes) <= 11
    lengths = Counter("short" if m <= 3 else "medium" if m <= 6 else "long" for m in minutes)
    assert min(lengths.values()) >= 15, lengths  # every length filter has results
    titles = {entry[1] for entry in GENERATED}
    assert len(titles) == len(GENERATED) and len(MODULES) == 60 + 9


def test_generated_bodies_read_like_lessons():
    body = GENERATED[0][4]
    assert body.count("## ") >= 3 and "1. " in body and "- Avoid " in body
    assert "{" not in body and "None" not in body


def test_two_hundred_people_and_finance_stays_small():
    extra = colleagues()
    emails = {demo_email(f, last) for f, last, _, _ in PEOPLE + extra}
    assert len(extra) == 160 and len(emails) == len(PEOPLE) + 160
    assert "Finance" not in {department for _, _, department, _ in extra}


def test_the_reading_appetite_has_the_fields_long_tail():
    rng = random.Random(1)
    reads = [_appetite(rng, 150, company=True) for _ in range(4000)]
    share = lambda low: sum(1 for r in reads if r >= low) / len(reads)  # noqa: E731
    assert 0.02 < share(100) < 0.05 and 0.06 < share(50) < 0.11
    assert 0.2 < sum(1 for r in reads if r == 0) / len(reads) < 0.3


def test_the_standard_catalog_has_every_length_too():
    from peerlearn.demo.content_generated import SAMPLE, minutes_of

    minutes = [minutes_of(entry) for entry in SAMPLE]  # as the app stores it
    assert minutes == list(range(2, 11))
    assert all(entry in MODULES for entry in SAMPLE)
