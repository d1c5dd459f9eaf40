"""``flask tasks …``: run the consumer, list the schedule, run a task now."""

from __future__ import annotations

import click

from peerlearn.tasks.queue import SCHEDULE, TASKS
from peerlearn.tasks.worker import consumer


@click.group("tasks")
def tasks_group() -> None:
    """The background task queue."""


@tasks_group.command("worker")
@click.option("--workers", type=int, default=2, show_default=True)
@click.option("--no-periodic", is_flag=True, help="Do not run the schedule on this consumer.")
def worker_command(workers: int, no_periodic: bool) -> None:
    """Consume the queue (and run the schedule) until stopped."""
    consumer(workers, not no_periodic).run()


@tasks_group.command("schedule")
def schedule_command() -> None:
    """List the periodic tasks."""
    for item in sorted(SCHEDULE, key=lambda s: s.name):
        click.echo(f"{item.name:<28} {item.when}")


@tasks_group.command("run")
@click.argument("name")
def run_command(name: str) -> None:
    """Run periodic task NAME now, in this process (a manual trigger)."""
    if name not in {s.name for s in SCHEDULE}:
        raise click.ClickException(f"No periodic task {name!r}; see `flask tasks schedule`.")
    TASKS[name].call_local()  # here and now, logged like a queued run; errors surface
    click.echo(f"Ran {name}.")
