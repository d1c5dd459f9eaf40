"""The ``flask`` command line: ``seed-demo`` and ``create-user`` here, and the feature groups
``gamification …`` (``gamification/commands.py``) and ``reports …`` (``reports/commands.py``).

Like a view, each command commits once; the services it calls never commit."""

from __future__ import annotations

import click
from flask import Flask

from peerlearn.accounts import services
from peerlearn.demo import DEMO_PASSWORD, SCALES, seed_demo
from peerlearn.errors import ServiceError
from peerlearn.extensions import db
from peerlearn.gamification.commands import gamification_cli
from peerlearn.permissions import Role
from peerlearn.reports.commands import reports_group
from peerlearn.tasks.queue import held


@click.command("seed-demo")
@click.option(
    "--scale",
    type=click.Choice(SCALES),
    default="standard",
    show_default=True,
    help="company: ~200 people, 150+ published modules, a long-tailed year (takes minutes).",
)
def seed_demo_command(scale: str) -> None:
    """Create the demo organisation (idempotent) and print its sign-ins."""
    with held():  # the demo's history notifies people, but is not news to e-mail
        accounts = seed_demo(scale)
        db.session.commit()
    click.echo(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
    shown: set[Role] = set()
    for account in accounts:
        if account.role not in shown:
            shown.add(account.role)
            click.echo(f"  {account.role.label:<16} {account.email}")
    click.echo(f"  … and {len(accounts) - len(shown)} more people, all with the same password.")


@click.command("create-user")
@click.option("--email", required=True, help="Sign-in e-mail address.")
@click.option("--name", "display_name", default=None, help="Display name (default: from e-mail).")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.EMPLOYEE.value,
    show_default=True,
)
@click.password_option(help="Prompted for when not given.")
def create_user_command(email: str, display_name: str | None, role: str, password: str) -> None:
    """Create an account (for example the first admin)."""
    try:
        services.check_password_policy(password, email)
        user = services.create_user(
            email,
            display_name or email.split("@")[0].replace(".", " ").title(),
            password,
            Role(role),
        )
    except ServiceError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"Created {user.email} ({Role(user.role).label}).")


def register_commands(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(reports_group)
    app.cli.add_command(gamification_cli)
