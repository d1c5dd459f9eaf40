"""The one place every report figure is defined, in words a reader of the dashboard can check.

Each :class:`Metric` has a key (the name the API uses), a short label and a one-line
definition. The dashboard prints the definition under the figure, the README lists them
all (``tests/reports/test_definitions.py`` keeps the two in step), and the functions in
:mod:`peerlearn.reports.metrics` compute exactly what the sentence says.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    """A figure's name on the page and what it counts."""

    key: str
    label: str
    definition: str


_METRICS = (
    Metric(
        "active_learners",
        "Active learners",
        "People who read, completed, attempted a quiz, clapped or commented at least once in "
        "the period.",
    ),
    Metric(
        "active_daily",
        "Active on the last day",
        "Active learners on the last day of the period, or today when the period ends later.",
    ),
    Metric(
        "active_weekly",
        "Active in the last 7 days",
        "Active learners in the 7 days ending on the period's last day (or today, if earlier).",
    ),
    Metric(
        "active_monthly",
        "Active in the last 30 days",
        "Active learners in the 30 days ending on the period's last day (or today, if earlier).",
    ),
    Metric("modules_read", "Modules read", "Times a module was opened in the period."),
    Metric("completions", "Completions", "Times a module was completed in the period."),
    Metric(
        "completion_rate",
        "Completion rate",
        "Of the people who started a module in the period (opened or completed it, not having "
        "completed it before), the share who completed it in the period; counted per person "
        "and module.",
    ),
    Metric(
        "average_completed_per_active",
        "Completed per active learner (mean)",
        "Completions in the period divided by active learners.",
    ),
    Metric(
        "median_completed_per_active",
        "Completed per active learner (median)",
        "The middle value of completions per active learner in the period.",
    ),
    Metric(
        "share_10_plus",
        "Active learners with 10+ completions",
        "Share of active learners who completed at least 10 modules in the period.",
    ),
    Metric(
        "share_50_plus",
        "Active learners with 50+ completions",
        "Share of active learners who completed at least 50 modules in the period.",
    ),
    Metric(
        "share_100_plus",
        "Active learners with 100+ completions",
        "Share of active learners who completed at least 100 modules in the period.",
    ),
    Metric(
        "claps",
        "Claps",
        "Claps given in the period (one reader may clap a module several times, up to a cap).",
    ),
    Metric(
        "claps_per_module",
        "Claps per clapped module",
        "Claps in the period divided by the number of modules that received at least one.",
    ),
    Metric(
        "peer_reads_per_module",
        "Reads per peer module",
        "Reads of peer-written modules in the period divided by the peer modules published now.",
    ),
    Metric(
        "official_reads_per_module",
        "Reads per official module",
        "Reads of official (L&D) modules in the period divided by the official modules "
        "published now.",
    ),
    Metric(
        "peer_vs_official_per_module",
        "Peer vs official, per module",
        "Reads per peer module divided by reads per official module (2.0× means a peer module "
        "is read twice as often).",
    ),
    Metric(
        "read_ratio",
        "Peer ÷ official reads (totals)",
        "All reads of peer modules divided by all reads of official modules in the period.",
    ),
    Metric(
        "peak_hours",
        "Busiest hours",
        "The three hours of the day with the most reads in the period (in the chosen time zone).",
    ),
    Metric(
        "peak_days",
        "Busiest days",
        "Weekdays ranked by reads in the period; Saturday and Sunday also count together as "
        "“the weekend”.",
    ),
    Metric(
        "new_modules_published",
        "New modules published",
        "Modules published for the first time in the period (re-publications not counted).",
    ),
    Metric(
        "median_hours_to_publication",
        "Median submission → publication",
        "For publications in the period: hours from the latest submission of that revision to "
        "its publication, middle value.",
    ),
    Metric(
        "vetting_submissions",
        "Submissions",
        "Revisions sent for review in the period (those published at once under "
        "post-publication vetting are counted apart).",
    ),
    Metric(
        "vetting_decisions",
        "Decisions",
        "Review decisions made in the period: approved, changes requested, rejected.",
    ),
    Metric(
        "time_to_first_decision",
        "Time to first decision",
        "For decisions made in the period: hours from the submission to its decision; median "
        "and 90th percentile.",
    ),
    Metric(
        "time_to_publication",
        "Time to publication",
        "For approvals in the period: hours from the first submission of that round (change "
        "requests included) to the approval; median and 90th percentile.",
    ),
    Metric(
        "rubric_average",
        "Average rubric score",
        "Mean score per rubric criterion over the decisions made in the period.",
    ),
    Metric(
        "bucket_share",
        "Share of people",
        "People (members and anyone active) in each band of completions, as a share of them all.",
    ),
    Metric(
        "department_other",
        "Other",
        "Departments with fewer than K members, at least two together; when only one small "
        "group would remain on its own it is not shown at all.",
    ),
)

METRICS: dict[str, Metric] = {m.key: m for m in _METRICS}
"""Every defined figure, by key."""


def definition(key: str) -> str:
    """The one-line definition of ``key`` (KeyError for an undefined figure)."""
    return METRICS[key].definition


def readme_table() -> str:
    """The Markdown table of definitions the README carries."""
    lines = ["| figure | definition |", "|---|---|"]
    lines += [f"| {m.label} | {m.definition} |" for m in _METRICS]
    return "\n".join(lines)
