"""``flask gamification …``: seed, verify, replay and close-week. Each command commits once
(or, for ``replay --dry-run`` and a failed ``verify``, not at all)."""

from __future__ import annotations

from datetime import date, timedelta

import click
from flask.cli import AppGroup

from peerlearn.extensions import db
from peerlearn.gamification.catalog import seed_catalog
from peerlearn.gamification.leagues import TIERS, close_week, this_week
from peerlearn.gamification.replay import replay
from peerlearn.gamification.verify import verify_totals

gamification_cli = AppGroup("gamification", help="Points ledger, badges and leagues.")


@gamification_cli.command("seed")
def seed_command() -> None:
    """Store the default rules and badges that are not stored yet (admins' edits stay)."""
    added = seed_catalog()
    db.session.commit()
    click.echo(f"Added {added} default rule(s) and badge(s).")


@gamification_cli.command("verify")
def verify_command() -> None:
    """Recompute every total from the ledger; exit 1 and list the differences if any."""
    mismatches = verify_totals()
    db.session.rollback()
    if not mismatches:
        click.echo("All totals match the ledger.")
        return
    click.echo(f"{len(mismatches)} total(s) disagree with the ledger:")
    for mismatch in mismatches:
        click.echo(f"  {mismatch}")
    raise SystemExit(1)


@gamification_cli.command("replay")
@click.option("--dry-run", is_flag=True, help="Show what would change, change nothing.")
def replay_command(dry_run: bool) -> None:
    """Rebuild ledger, totals, badges and streaks from the learning events (current rules)."""
    changes = replay()
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "would change" if dry_run else "changed"
    if not changes:
        click.echo(f"Replay: nothing {verb}.")
        return
    click.echo(f"Replay {verb} {len(changes)} user(s):")
    for change in changes:
        click.echo(f"  {change.describe()}")


@gamification_cli.command("close-week")
@click.option(
    "--week",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Monday of the week to close (default: last week, organisation time zone).",
)
def close_week_command(week: object) -> None:
    """Close a week's leagues: top five up a tier, bottom five down, next week's cohorts."""
    start: date = week.date() if week is not None else this_week() - timedelta(days=7)  # type: ignore[attr-defined]
    start -= timedelta(days=start.weekday())
    closed = close_week(start)
    db.session.commit()
    if closed is None:
        click.echo(f"The week of {start} was already closed: nothing changed.")
        return
    click.echo(
        f"Closed the week of {start}: {closed.promoted} promoted, {closed.demoted} demoted "
        f"(tiers: {', '.join(TIERS)}); {closed.next_cohorts} cohort(s) formed for next week."
    )
