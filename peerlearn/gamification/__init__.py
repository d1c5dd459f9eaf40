"""Gamification: points ledger, badges, levels, streaks, leaderboards (rules are data).

The pure core is ``rules.py``, ``evaluation.py``, ``streaks.py`` and ``farming.py`` (no Flask,
no SQLAlchemy); the rest adapts it to the database, the learning-event signal, pages, the API
and the CLI. ``app.py`` subscribes the engine and registers the pages and API.
"""
