"""Every organisation setting: its key, type, default, bounds and the words an admin reads.

Features add their settings here (one list, one place), and read them with
``peerlearn.organisation.services.get_setting(key)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SettingDefinition:
    """One setting. ``kind`` is ``int``, ``bool`` or ``choice``."""

    key: str
    kind: str
    default: Any
    label: str
    help: str = ""
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[tuple[str, str], ...] = ()
    group: str = "General"

    def clean(self, value: Any) -> Any:
        """The value as stored, or ``ValueError`` with a message for the admin."""
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in {"true", "false", "y", "on", "1", "0"}:
                return value.lower() in {"true", "y", "on", "1"}
            raise ValueError("Choose yes or no.")
        if self.kind == "int":
            if isinstance(value, bool):
                raise ValueError("Enter a whole number.")
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise ValueError("Enter a whole number.") from None
            if self.minimum is not None and number < self.minimum:
                raise ValueError(f"Use {self.minimum} or more.")
            if self.maximum is not None and number > self.maximum:
                raise ValueError(f"Use {self.maximum} or less.")
            return number
        if self.kind == "choice":
            allowed = [key for key, _ in self.choices]
            if value not in allowed:
                raise ValueError("Choose one of: " + ", ".join(allowed) + ".")
            return value
        raise ValueError(f"Unknown setting kind {self.kind!r}")  # a bug in this file


SETTINGS: tuple[SettingDefinition, ...] = (
    SettingDefinition(
        "vetting_policy",
        "choice",
        "pre",
        "Vetting policy",
        "When submitted modules reach readers.",
        choices=(
            ("pre", "Pre-publication: every submission waits for a reviewer's approval"),
            ("post", "Post-publication: publish at once, reviewers check afterwards"),
            ("trusted", "Trusted authors: authors with enough approved modules publish at once"),
        ),
        group="Vetting",
    ),
    SettingDefinition(
        "trusted_author_threshold",
        "int",
        3,
        "Approved modules to become a trusted author",
        "Used by the “trusted authors” policy.",
        minimum=1,
        maximum=100,
        group="Vetting",
    ),
    SettingDefinition(
        "claim_expiry_minutes",
        "int",
        60,
        "A reviewer's claim expires after (minutes)",
        minimum=5,
        maximum=7 * 24 * 60,
        group="Vetting",
    ),
    SettingDefinition(
        "review_by_months",
        "int",
        12,
        "Re-confirm published modules after (months)",
        minimum=1,
        maximum=60,
        group="Vetting",
    ),
    SettingDefinition(
        "max_module_minutes",
        "int",
        15,
        "Longest module allowed (minutes)",
        "Modules longer than this cannot be submitted; past 7 minutes authors see a warning.",
        minimum=3,
        maximum=60,
        group="Authoring",
    ),
    SettingDefinition(
        "review_queue_alert_per_reviewer",
        "int",
        5,
        "Alert reviewers when the queue per reviewer passes",
        "Pending submissions per reviewer before the review queue shows a backlog alert.",
        minimum=1,
        maximum=100,
        group="Vetting",
    ),
    SettingDefinition(
        "weekends_free_streaks",
        "bool",
        False,
        "Weekends never break a learning streak",
        "When on, Saturdays and Sundays without learning do not end anyone's streak.",
        group="Gamification",
    ),
    SettingDefinition(
        "public_leaderboards",
        "bool",
        True,
        "Show public leaderboards",
        "When off, people see only their own standing: no names, no top lists.",
        group="Gamification",
    ),
    # --- anti-gaming (peerlearn.gamification.holds) ---
    SettingDefinition(
        "trust_min_days",
        "int",
        7,
        "A new account gives held points for its first (days)",
        "Points that a new account gives others (completing or clapping their modules, "
        "marking comments helpful, fulfilled requests) wait on the held-points page until it "
        "is this old and has the completions below; its own learning points are not held. "
        "0 turns the age rule off.",
        minimum=0,
        maximum=365,
        group="Gamification",
    ),
    SettingDefinition(
        "trust_min_completions",
        "int",
        3,
        "…and until it has completed this many colleagues' modules",
        "Held points are released by themselves once the account has a normal history, "
        "unless most of what it gave went to one person (a reviewer decides those). "
        "0 turns the completions rule off.",
        minimum=0,
        maximum=100,
        group="Gamification",
    ),
    # --- learning (peerlearn.modules) ---
    SettingDefinition(
        "clap_cap",
        "int",
        50,
        "Most claps one reader gives one module",
        "Readers clap 1 to this many times per module, Medium-style.",
        minimum=1,
        maximum=500,
        group="Learning",
    ),
    SettingDefinition(
        "quiz_retry_cooldown_minutes",
        "int",
        5,
        "Wait before retrying a failed quiz (minutes)",
        "0 lets readers retry at once.",
        minimum=0,
        maximum=24 * 60,
        group="Learning",
    ),
    SettingDefinition(
        "quiz_attempts_per_day",
        "int",
        5,
        "Quiz attempts per module per reader in 24 hours",
        minimum=1,
        maximum=100,
        group="Learning",
    ),
    SettingDefinition(
        "report_min_group_size",
        "int",
        5,
        "Smallest group shown on its own in reports (K)",
        "Departments with fewer members are folded into “Other” in dashboards and aggregate "
        "exports, so nobody is singled out.",
        minimum=2,
        maximum=100,
        group="Reports",
    ),
    SettingDefinition(
        "report_retention_days",
        "int",
        730,
        "Keep raw learning events for (days)",
        "`flask reports purge` rolls older events into hourly totals (dashboards keep "
        "working) and deletes them. Points and badges are never touched.",
        minimum=30,
        maximum=36500,
        group="Reports",
    ),
)

BY_KEY: dict[str, SettingDefinition] = {definition.key: definition for definition in SETTINGS}
