"""The task consumer: ``python -m peerlearn.tasks.worker`` (or ``flask tasks worker``).

In production run it as its own service next to gunicorn (one is enough; more share the
Redis queue, and only one should run the scheduler: ``--no-periodic`` on the others).
``make run`` needs none of that: ``gunicorn.conf.py`` starts one as a child of gunicorn's
master process when the broker is the embedded SQLite file.
"""

from __future__ import annotations

import argparse
import logging

from huey.consumer import Consumer

from peerlearn.tasks.queue import huey, task_app


def consumer(workers: int = 2, periodic: bool = True) -> Consumer:
    """A consumer of the queue with ``workers`` threads (the app is built first, so every
    task is registered)."""
    task_app()
    return huey.create_consumer(workers=workers, worker_type="thread", periodic=periodic)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run PeerLearn's background tasks.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-periodic", action="store_true", help="do not run the schedule")
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="[%(asctime)s] %(name)s %(message)s")
    consumer(options.workers, not options.no_periodic).run()


if __name__ == "__main__":
    main()
