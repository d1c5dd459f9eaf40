"""The demo catalog's modules, part one: security, data and SQL, and spreadsheets; and the
shape every part shares (``ModuleEntry``, the ``q``/``quiz`` helpers).

Each entry: ``(slug, title, summary, tags, body, quiz or None)``. Bodies are Markdown and
may link to each other with ``[[slug]]``. Parts two to five are ``content_tools``,
``content_people``, ``content_business`` and ``content_wellbeing``;
``peerlearn.demo.modules`` joins them in that order and takes them through vetting.
"""

from __future__ import annotations

from typing import Any


def q(prompt: str, choices: list[str], correct: list[int], why: str, kind: str = "single"):
    """One quiz question, briefly."""
    return {
        "kind": kind,
        "prompt": prompt,
        "choices": choices,
        "correct": correct,
        "explanation": why,
    }


def quiz(*questions: dict[str, Any]) -> dict[str, Any]:
    return {"pass_mark": 70, "questions": list(questions)}


ModuleEntry = tuple[str, str, str, tuple[str, ...], str, dict[str, Any] | None]

MODULES: list[ModuleEntry] = [
    # --- security awareness ---------------------------------------------------------------
    (
        "spotting-phishing",
        "Spotting a phishing e-mail in 30 seconds",
        "Four checks that catch almost every phishing attempt.",
        ("security", "email"),
        """Most attacks on companies start with an e-mail. Before you click, run four checks:

- **Sender**: does the address match the name? `payroll@pay-roll-update.co` is not Payroll.
- **Urgency**: "within 2 hours or your account is closed" is pressure, not process.
- **Links**: hover first. The text and the real address often differ.
- **Requests**: nobody here asks for your password or for gift cards by e-mail.

When in doubt, use the *Report phishing* button. A false alarm costs the security team a
minute; a real click can cost weeks. Next: [[strong-passphrases]].""",
        quiz(
            q(
                "“IT Support” e-mails asking you to confirm your password today. What do you do?",
                ["Reply with the password", "Click and log in", "Report it as phishing"],
                [2],
                "IT never asks for your password; reporting protects colleagues too.",
            ),
            q(
                "Hovering over a link shows a different address than its text.",
                [],
                [0],
                "A mismatch between link text and target is a classic phishing sign.",
                "true_false",
            ),
        ),
    ),
    (
        "strong-passphrases",
        "Passphrases beat passwords",
        "Why four random words are stronger than P@ssw0rd1, and how to manage them.",
        ("security", "passwords"),
        """Length beats cleverness. `correct horse battery staple` takes far longer to guess than
`Tr0ub4dor&3`, and it is easier to remember.

1. Use a passphrase of four or more random words for the few secrets you must remember.
2. Let the company password manager generate everything else.
3. Never reuse a password between work and personal accounts.
4. Turn on multi-factor authentication wherever it is offered ([[mfa-basics]]).

A leaked password from a shopping site is the first thing attackers try on your work
account.""",
        None,
    ),
    (
        "mfa-basics",
        "Multi-factor authentication: what the second factor protects",
        "Why the app prompt matters, and the one prompt you must never approve.",
        ("security", "passwords"),
        """Multi-factor authentication (MFA) means a stolen password is not enough: the attacker
also needs your phone.

Attackers know this, so they try **prompt bombing**: they send login prompts again and
again, hoping you tap *Approve* to make them stop.

- Only approve a prompt you started yourself, seconds ago.
- If you get a prompt you did not expect, deny it and change your password.
- Tell the security team: an unexpected prompt means someone knows your password.""",
        quiz(
            q(
                "An MFA prompt arrives while you are in a meeting, not logging in. Why?",
                [
                    "The system is checking in",
                    "Someone else has your password",
                    "Your phone needs an update",
                ],
                [1],
                "A prompt you did not start means someone entered your password.",
            )
        ),
    ),
    (
        "clean-desk-screen-lock",
        "Lock your screen, every time",
        "Windows+L or Ctrl+Cmd+Q: the two-second habit that stops most office incidents.",
        ("security", "habits"),
        """An unlocked laptop is an open door: anyone walking by can send e-mail as you, read
customer data or approve payments.

- **Windows**: press Windows + L.
- **Mac**: press Control + Command + Q.
- Set your screen to lock automatically after five minutes.

In cafés and trains, use a privacy filter and sit with your back to a wall. And never leave
printed customer data on a desk overnight.""",
        None,
    ),
    (
        "reporting-a-security-incident",
        "Reporting a security incident",
        "Lost laptop, wrong recipient, suspicious login: who to tell and how fast.",
        ("security", "incidents"),
        """Report first, investigate later. The first hour matters most.

| What happened | Tell | How fast |
|---|---|---|
| Lost or stolen device | IT service desk | At once |
| E-mail sent to the wrong person | Your manager and privacy team | Same day |
| You clicked a suspicious link | Security team | At once |

Nobody is blamed for reporting. People are blamed for hiding incidents. See also
[[spotting-phishing]].""",
        None,
    ),
    # --- SQL and data ---------------------------------------------------------------------
    (
        "sql-select-basics",
        "SQL basics: SELECT, WHERE, ORDER BY",
        "Read data from one table without breaking anything.",
        ("sql", "data"),
        """A `SELECT` only reads: it is the safest place to start.

```sql
SELECT name, country, signed_up
FROM customers
WHERE country = 'NL'
ORDER BY signed_up DESC
LIMIT 20;
```

- `SELECT` picks the columns (avoid `*` in reports: it breaks when columns change).
- `WHERE` filters rows; text goes in single quotes.
- `ORDER BY … DESC` puts the newest first; `LIMIT` keeps results small while exploring.

Next: combine tables with [[sql-joins]].""",
        quiz(
            q(
                "Which clause filters rows?",
                ["SELECT", "WHERE", "ORDER BY"],
                [1],
                "WHERE keeps only the rows that match its condition.",
            )
        ),
    ),
    (
        "sql-joins",
        "SQL joins without the headache",
        "INNER vs LEFT JOIN with one picture in your head.",
        ("sql", "data"),
        """A join matches rows from two tables on a key.

- `INNER JOIN` keeps only customers **with** orders.
- `LEFT JOIN` keeps **every** customer, with empty order columns when there are none.

```sql
SELECT c.name, COUNT(o.id) AS orders
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.id
GROUP BY c.name;
```

If your count of customers drops after a join, you probably wanted a `LEFT JOIN`. Read
[[sql-select-basics]] first if `GROUP BY` is new.""",
        quiz(
            q(
                "You need every customer, including those with no orders. Which join?",
                ["INNER JOIN", "LEFT JOIN"],
                [1],
                "LEFT JOIN keeps all rows of the left table.",
            )
        ),
    ),
    (
        "sql-group-by",
        "Counting and summing with GROUP BY",
        "Turn rows into totals per month, team or product.",
        ("sql", "data"),
        """`GROUP BY` collapses rows that share a value and lets you aggregate the rest.

```sql
SELECT date_trunc('month', created_at) AS month, SUM(amount) AS revenue
FROM invoices
GROUP BY 1
ORDER BY 1;
```

Every column in `SELECT` must either be grouped or aggregated (`COUNT`, `SUM`, `AVG`,
`MIN`, `MAX`). Filter groups with `HAVING`, not `WHERE`: `HAVING SUM(amount) > 1000`.""",
        None,
    ),
    (
        "reading-a-dashboard",
        "Reading a dashboard critically",
        "Three questions to ask before you trust a chart.",
        ("data", "reporting"),
        """Before acting on a chart, ask:

1. **What is counted?** "Active users" can mean logged in, clicked, or paid.
2. **Compared with what?** A 20% rise means little without last year's season.
3. **Does the axis start at zero?** A cut axis turns a 2% change into a cliff.

When a number surprises you, ask the dashboard owner before forwarding it. Surprising
numbers are more often definition changes than real changes.""",
        None,
    ),
    (
        "personal-data-in-spreadsheets",
        "Personal data in spreadsheets",
        "What you may export, where it may live, and when to delete it.",
        ("data", "privacy", "spreadsheets"),
        """Exports of customer or employee data are the most common privacy incidents.

- Export only the columns you need: a name and a country, not the full profile.
- Keep files in the team drive, never on the desktop or a personal cloud.
- Delete the export when the task is done; set a calendar reminder.
- Never attach personal data to an e-mail to outside parties.

If you already did, tell the privacy team: see [[reporting-a-security-incident]].""",
        None,
    ),
    # --- spreadsheets ---------------------------------------------------------------------
    (
        "xlookup-in-two-minutes",
        "XLOOKUP in two minutes",
        "Find a value in another table, without VLOOKUP's column counting.",
        ("spreadsheets", "excel"),
        """`XLOOKUP(what, where, return)` finds `what` in the `where` column and returns the
matching cell of `return`.

```
=XLOOKUP(A2, Customers!A:A, Customers!D:D, "not found")
```

- No column numbers to count: inserting a column no longer breaks the formula.
- The fourth argument replaces ugly `#N/A` errors with your own text.
- It searches exact matches by default, which is what you want 99% of the time.""",
        quiz(
            q(
                "What does the fourth argument of XLOOKUP do?",
                [
                    "Sorts the results",
                    "Sets the text shown when nothing matches",
                    "Picks the sheet",
                ],
                [1],
                "It is the value returned when there is no match.",
            )
        ),
    ),
    (
        "pivot-tables-first-steps",
        "Pivot tables: first steps",
        "Summarise 10,000 rows by month and team in four clicks.",
        ("spreadsheets", "excel", "reporting"),
        """A pivot table answers "how much, per what?" without formulas.

1. Click inside your data and choose **Insert → PivotTable**.
2. Drag the category (team, product) to **Rows**.
3. Drag the date to **Columns** and group it by month.
4. Drag the amount to **Values**; check it says *Sum*, not *Count*.

Refresh the pivot after the data changes: it does not update on its own.""",
        None,
    ),
    (
        "spreadsheet-hygiene",
        "Spreadsheet hygiene for shared files",
        "Five habits that keep a shared sheet trustworthy.",
        ("spreadsheets", "habits"),
        """Shared spreadsheets rot quickly. Keep them healthy:

- One table per sheet, one header row, no merged cells.
- Inputs in one colour, formulas in another, and a *Read me* tab.
- Dates as real dates, not text.
- Lock formula cells before sharing.
- Name the owner on the first tab, so people know whom to ask.""",
        None,
    ),
    (
        "conditional-formatting",
        "Conditional formatting that helps",
        "Highlight what needs action, not everything at once.",
        ("spreadsheets", "excel"),
        """Colour should answer one question: *what needs my attention?*

- Use a single rule per column: red when an invoice is over 30 days due.
- Prefer icon sets or data bars for trends, colours for exceptions.
- Keep colours readable for colour-blind colleagues: pair red with bold or an icon.

If everything is highlighted, nothing is.""",
        None,
    ),
    (
        "charts-that-tell-the-truth",
        "Charts that tell the truth",
        "Pick the right chart in ten seconds.",
        ("spreadsheets", "reporting"),
        """- **Change over time** → line chart.
- **Compare categories** → bar chart, sorted.
- **Part of a whole** → a stacked bar, not a pie with twelve slices.

Start value axes at zero for bars, label the units, and write the conclusion in the
title: "Support tickets fell 18% after the new FAQ". See [[reading-a-dashboard]].""",
        None,
    ),
]
