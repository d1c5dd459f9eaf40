"""Wire the task queue into the application: bind the app tasks run in, register the tasks,
enqueue deferred tasks on commit, the admin page, its API and the ``flask tasks`` commands.

Nothing here starts a thread or a consumer: ``gunicorn.conf.py`` or ``flask tasks worker``
does that."""

from __future__ import annotations

from flask import Flask

from peerlearn.api.blueprint import register
from peerlearn.tasks import api, commands, jobs, models, queue, views  # noqa: F401


def init_app(app: Flask) -> None:
    """Bind ``app`` for tasks, listen for commits, register the admin page, API and CLI."""
    queue.bind(app)
    queue.listen_for_commits()
    app.register_blueprint(views.bp)
    register(api.blp)
    app.cli.add_command(commands.tasks_group)
