"""Background and scheduled work on a real task queue (Huey).

``queue.py`` holds the one Huey instance (Redis in production, SQLite embedded, immediate in
tests), the decorators that define tasks and periodic tasks, and :func:`queue.defer`, which
enqueues a task once the current transaction commits. ``jobs.py`` has the maintenance
schedule, ``worker.py`` the consumer, ``views.py``/``api.py`` the admin page.
"""
