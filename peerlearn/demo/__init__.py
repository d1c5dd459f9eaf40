"""The demo organisation that ``flask seed-demo`` (and ``make run``) creates: people,
modules in every state of vetting, a year of reading history, and the points, badges and
streaks that history earned.

Two scales. ``standard`` (the default, used by the tests): ~40 named people and ~60
hand-written modules. ``company`` (``flask seed-demo --scale company``): ~200 people, ~170
modules (150+ published, 2–10 minute reads) and a long-tailed year of reading, so SmartUp's
headline figures (50+/100+ completions, peer vs official per module) look like a living
company; it takes minutes, most of them the gamification replay.

Demo data is not a feature: feature packages never import this package; only ``peerlearn.cli``
does. The parts, in the order ``seed_demo`` runs them:

- ``people``: departments and colleagues across every role (one shared password);
- ``modules``: the catalog (``content*.py``) taken through the real authoring and review
  services to every state, with flags and content requests;
- ``history``: reading, quizzes, claps (``rhythm``), comments, bookmarks and learning paths
  (``community``), and believable review timing (``reviews``), written in bulk; the
  gamification engine then replays it.

Idempotent: running it again adds only what is missing.
"""

from __future__ import annotations

from peerlearn.demo.history import seed_history
from peerlearn.demo.modules import seed_modules
from peerlearn.demo.people import DEMO_PASSWORD, DemoAccount, cast, seed_people
from peerlearn.gamification.catalog import seed_catalog
from peerlearn.gamification.replay import replay
from peerlearn.modules.search import sync_search_index

__all__ = ["DEMO_PASSWORD", "SCALES", "DemoAccount", "seed_demo"]


SCALES = ("standard", "company")


def seed_demo(scale: str = "standard") -> list[DemoAccount]:
    """Create what is missing of the demo organisation; return the sign-ins to print."""
    company = scale == "company"
    accounts = seed_people(company)
    seed_modules(*cast(), company=company)  # every state, with reviews, flags and requests
    seed_catalog()  # the points rules and badges (admins' later edits are kept)
    if seed_history(company=company):  # a year of reading, quizzes, claps, comments (once)
        replay()  # the history was written in bulk: points, badges and streaks follow from it
    sync_search_index()  # searching never writes, so the catalog's index is complete here
    return accounts
