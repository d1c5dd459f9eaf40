"""Every dashboard figure, computed twice on a generated history: through the product, and
through a hand-written SQL query (plus plain Python for time arithmetic) that shares no code
with it. Runs on SQLite and PostgreSQL alike (``PEERLEARN_TEST_DATABASE_URL``)."""

from __future__ import annotations

import json
import random
import statistics
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import bindparam, text

from peerlearn.extensions import UTCDateTime
from peerlearn.permissions import Role
from peerlearn.reports.dashboard import build_dashboard
from peerlearn.reports.metrics import ReportQuery
from peerlearn.reports.period import Period
from tests.factories import make_department, make_event, make_user, publish_module

UTC_ZONE = ZoneInfo("UTC")
HISTORY_START = datetime(2026, 1, 1, tzinfo=UTC)
START, END = date(2026, 2, 15), date(2026, 3, 16)
ZONES = ("UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo")


@pytest.fixture
def history(app, db):
    """Three departments (6, 6 and 7 people), 10 modules (4 official), four months of reading
    with re-opened modules, repeated completions and claps, all seeded (reproducible)."""
    app.config["ORG_TIMEZONE"] = "UTC"
    rng = random.Random(20261202)
    departments = [make_department(f"Dept {n}") for n in range(3)]
    people = []
    for n, size in enumerate((6, 6, 7)):
        for _ in range(size):
            person = make_user(department=departments[n], timezone=rng.choice(ZONES))
            people.append(person)
    authors, reviewer = people[:3], make_user(Role.REVIEWER, department=departments[2])
    modules = []
    for n in range(10):
        module = publish_module(author=authors[n % 3], reviewer=reviewer)
        if n % 5 in (1, 3):
            module.origin = "official"
        modules.append(module)
    db.session.commit()
    for person in people:
        for _ in range(rng.randint(4, 40)):
            module = rng.choice(modules)
            at = HISTORY_START + timedelta(minutes=rng.randint(0, 110 * 24 * 60))
            context = {"author_id": module.author_id}
            make_event("module_viewed", person, module.id, at, commit=False, **context)
            roll = rng.random()
            if roll < 0.55:
                done = at + timedelta(minutes=rng.randint(2, 9))
                make_event("module_completed", person, module.id, done, commit=False, **context)
            if roll < 0.2:
                make_event(
                    "module_clapped", person, module.id, at, commit=False,
                    count=rng.randint(1, 5), **context,
                )  # fmt: skip
            if roll > 0.9:
                make_event("comment_posted", person, module.id, at, commit=False, **context)
    db.session.commit()
    return {"people": people, "modules": modules, "departments": departments}


def sql(db, statement: str, **params):
    """Run hand-written SQL; datetimes are bound as the events table stores them."""
    clause = text(statement)
    typed = [
        bindparam(k, type_=UTCDateTime()) for k, v in params.items() if isinstance(v, datetime)
    ]
    if typed:
        clause = clause.bindparams(*typed)
    return db.session.execute(clause, params).all()


def as_utc(value) -> datetime:
    """A stored timestamp read back raw (SQLite: text; PostgreSQL: an aware datetime)."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value.astimezone(UTC)


def window(start: date = START, end: date = END) -> dict[str, datetime]:
    return {
        "s": datetime.combine(start, datetime.min.time(), UTC),
        "e": datetime.combine(end + timedelta(days=1), datetime.min.time(), UTC),
    }


LEARNING = "('module_viewed','module_completed','quiz_attempted','quiz_passed'," \
    "'module_clapped','comment_posted')"  # fmt: skip


def test_every_figure_matches_hand_written_sql(history, db):
    figures = build_dashboard(ReportQuery(Period(START, END, UTC_ZONE), None, 5))
    h, w = figures["headline"], window()

    (reads, completions), = sql(db, """
        SELECT SUM(CASE WHEN verb = 'module_viewed' THEN 1 ELSE 0 END),
               SUM(CASE WHEN verb = 'module_completed' THEN 1 ELSE 0 END)
        FROM learning_event WHERE occurred_at >= :s AND occurred_at < :e""", **w)  # fmt: skip
    assert (h["modules_read"], h["completions"]) == (reads, completions)

    per_person = dict(sql(db, f"""
        SELECT actor_id, SUM(CASE WHEN verb = 'module_completed' THEN 1 ELSE 0 END)
        FROM learning_event
        WHERE verb IN {LEARNING} AND occurred_at >= :s AND occurred_at < :e
        GROUP BY actor_id""", **w))  # fmt: skip
    assert h["active_learners"] == len(per_person)
    counts = list(per_person.values())
    assert h["median_completed_per_active"] == statistics.median(counts)
    for n in (10, 50, 100):
        share = sum(1 for c in counts if c >= n) / len(counts)
        assert h[f"share_{n}_plus"] == round(share, 4)

    # completion rate: a start is a (person, module) opened or completed in the window that
    # the person had not completed before it
    (started, done), = sql(db, """
        SELECT COUNT(*), SUM(done) FROM (
            SELECT w.actor_id, w.object_id,
                   MAX(CASE WHEN w.verb = 'module_completed' THEN 1 ELSE 0 END) AS done
            FROM learning_event w
            WHERE w.verb IN ('module_viewed', 'module_completed')
              AND w.occurred_at >= :s AND w.occurred_at < :e
              AND NOT EXISTS (
                  SELECT 1 FROM learning_event p
                  WHERE p.verb = 'module_completed' AND p.actor_id = w.actor_id
                    AND p.object_id = w.object_id AND p.occurred_at < :s)
            GROUP BY w.actor_id, w.object_id) pairs""", **w)  # fmt: skip
    assert (h["pairs_started"], h["pairs_completed"]) == (started, done)
    assert h["completion_rate"] == round(done / started, 4)
    (naive,), = sql(db, """
        SELECT COUNT(DISTINCT actor_id || '-' || object_id) FROM learning_event
        WHERE verb = 'module_viewed'
          AND occurred_at >= :s AND occurred_at < :e""", **w)  # fmt: skip
    assert started < naive, "the history re-opens finished modules, so the definitions differ"

    # peer vs official: totals and per published module
    by_origin = dict(sql(db, """
        SELECT m.origin, COUNT(*) FROM learning_event e JOIN module m ON m.id = e.object_id
        WHERE e.verb = 'module_viewed' AND e.occurred_at >= :s AND e.occurred_at < :e
        GROUP BY m.origin""", **w))  # fmt: skip
    published = dict(sql(db, """
        SELECT origin, COUNT(*) FROM module WHERE published_revision_id IS NOT NULL
        GROUP BY origin"""))  # fmt: skip
    su = figures["smartup"]
    assert figures["origin_split"]["peer"]["reads"] == by_origin["peer"]
    assert figures["origin_split"]["official"]["reads"] == by_origin["official"]
    peer = round(by_origin["peer"] / published["peer"], 2)
    official = round(by_origin["official"] / published["official"], 2)
    assert (su["peer_reads_per_module"], su["official_reads_per_module"]) == (peer, official)
    assert su["peer_vs_official_per_module"] == round(peer / official, 4)

    # claps: the context's count, per module that got any
    rows = sql(db, """
        SELECT object_id, context FROM learning_event
        WHERE verb = 'module_clapped'
          AND occurred_at >= :s AND occurred_at < :e""", **w)  # fmt: skip
    claps = sum((c if isinstance(c, dict) else json.loads(c))["count"] for _, c in rows)
    assert su["claps"] == claps
    assert su["claps_per_module"] == round(claps / len({m for m, _ in rows}), 1)

    # the heatmap (UTC) and the busiest hours
    grid = [[0] * 24 for _ in range(7)]
    for (at,) in sql(db, """
        SELECT occurred_at FROM learning_event
        WHERE verb = 'module_viewed'
          AND occurred_at >= :s AND occurred_at < :e""", **w):  # fmt: skip
        at = as_utc(at)
        grid[at.weekday()][at.hour] += 1
    assert figures["heatmap"] == grid
    by_hour = [sum(row[hr] for row in grid) for hr in range(24)]
    assert su["peak_hours"] == sorted(range(24), key=lambda hr: (-by_hour[hr], hr))[:3]

    # the distribution: members and anyone who completed something, as shares
    members = {uid for (uid,) in sql(db, 'SELECT id FROM "user" WHERE active = :t', t=True)}
    everyone = members | {a for a, c in per_person.items() if c}
    fifty = sum(1 for p in everyone if 10 <= per_person.get(p, 0) <= 49)
    bucket = next(b for b in figures["completion_buckets"] if b["bucket"] == "10–49")
    assert (bucket["people"], bucket["share"]) == (fifty, round(fifty / len(everyone), 4))

    # the department table (all three departments have at least K = 5 members)
    expected = {}
    for name, members_n, active, comps in sql(db, f"""
        SELECT d.name,
               (SELECT COUNT(*) FROM "user" u2 WHERE u2.department_id = d.id AND u2.active = :t),
               COUNT(DISTINCT e.actor_id),
               SUM(CASE WHEN e.verb = 'module_completed' THEN 1 ELSE 0 END)
        FROM department d JOIN "user" u ON u.department_id = d.id
        JOIN learning_event e ON e.actor_id = u.id
        WHERE e.verb IN {LEARNING} AND e.occurred_at >= :s AND e.occurred_at < :e
        GROUP BY d.id, d.name""", t=True, **w):  # fmt: skip
        expected[name] = (members_n, active, comps)
    table = {
        r["department"]: (r["members"], r["active"], r["completions"])
        for r in figures["departments"]
    }
    assert table == expected


def test_person_zone_heatmap_matches_sql_and_zoneinfo(history, db):
    query = ReportQuery(Period(START, END, UTC_ZONE), None, 5, "person")
    figures = build_dashboard(query)
    grid = [[0] * 24 for _ in range(7)]
    for at, zone in sql(db, """
        SELECT e.occurred_at, u.timezone FROM learning_event e JOIN "user" u ON u.id = e.actor_id
        WHERE e.verb = 'module_viewed' AND e.occurred_at >= :s AND e.occurred_at < :e""",
        **window()):  # fmt: skip
        local = as_utc(at).astimezone(ZoneInfo(zone))
        grid[local.weekday()][local.hour] += 1
    assert figures["heatmap"] == grid
    assert figures["heatmap"] != build_dashboard(ReportQuery(query.period, None, 5))["heatmap"]


def test_a_range_ending_in_the_future_counts_activity_up_to_today(history, db):
    today = datetime.now(UTC).date()
    make_event("module_viewed", history["people"][4], history["modules"][0].id)
    figures = build_dashboard(
        ReportQuery(Period(today - timedelta(days=364), today + timedelta(days=200), UTC_ZONE))
    )
    (active,), = sql(db, f"""
        SELECT COUNT(DISTINCT actor_id) FROM learning_event
        WHERE verb IN {LEARNING} AND occurred_at >= :s AND occurred_at < :e""",
        **window(today - timedelta(days=29), today))  # fmt: skip
    assert figures["headline"]["active_monthly"] == active >= 1
