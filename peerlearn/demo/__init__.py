"""The demo organisation that ``flask seed-demo`` (and ``make run``) creates: people, ~60
modules in every state of vetting, ~90 days of reading history, and the points, badges and
streaks that history earned.

Demo data is not a feature: feature packages never import this package; only ``peerlearn.cli``
does. The parts, in the order ``seed_demo`` runs them:

- ``people``: departments and ~40 colleagues across every role (one shared password);
- ``modules``: the catalog (``content*.py``) taken through the real authoring and review
  services to every state, with flags and content requests;
- ``history``: reading, quizzes, claps (``rhythm``), comments, bookmarks and learning paths
  (``community``), written in bulk; the gamification engine then replays it.

Idempotent: running it again adds only what is missing.
"""

from __future__ import annotations

from peerlearn.demo.history import seed_history
from peerlearn.demo.modules import seed_modules
from peerlearn.demo.people import DEMO_PASSWORD, DemoAccount, cast, seed_people
from peerlearn.gamification.catalog import seed_catalog
from peerlearn.gamification.replay import replay
from peerlearn.modules.search import sync_search_index

__all__ = ["DEMO_PASSWORD", "DemoAccount", "seed_demo"]


def seed_demo() -> list[DemoAccount]:
    """Create what is missing of the demo organisation; return the sign-ins to print."""
    accounts = seed_people()
    seed_modules(*cast())  # ~60 modules in every state, with reviews, flags and requests
    seed_catalog()  # the points rules and badges (admins' later edits are kept)
    if seed_history():  # ~90 days of reading, quizzes, claps and comments (once)
        replay()  # the history was written in bulk: points, badges and streaks follow from it
    sync_search_index()  # searching never writes, so the catalog's index is complete here
    return accounts
