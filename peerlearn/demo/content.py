"""The demo catalog's modules, part one: security, data and SQL, spreadsheets, git, writing,
and tools (``peerlearn.demo.modules`` takes them through vetting).

Each entry: ``(slug, title, summary, tags, body, quiz or None)``. Bodies are Markdown and
may link to each other with ``[[slug]]``. Part two is ``content_people``.
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


MODULES: list[tuple[str, str, str, tuple[str, ...], str, dict[str, Any] | None]] = [
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
    # --- git ------------------------------------------------------------------------------
    (
        "git-commit-messages",
        "Writing a good commit message",
        "A subject that says why, a body that helps the next reader.",
        ("git", "engineering", "writing"),
        """Future you will read `git log` during an incident. Help them:

- Subject under ~60 characters, in the imperative: *Fix rounding in invoice totals*.
- Blank line, then the **why**: what was wrong, what you chose and why.
- One logical change per commit; format-only changes in their own commit.

"fix stuff" tells nobody anything. Next: [[git-branching-basics]].""",
        quiz(
            q(
                "Which subject line follows the convention?",
                ["fixed bug", "Fix rounding of invoice totals", "WIP"],
                [1],
                "Imperative mood and specific: it says what the commit does.",
            )
        ),
    ),
    (
        "git-branching-basics",
        "Branching basics: one branch per change",
        "Short-lived branches, small pull requests, fewer conflicts.",
        ("git", "engineering"),
        """Create a branch for each change, keep it short-lived, and merge it quickly.

```bash
git switch -c fix/invoice-rounding
# … commit …
git push -u origin fix/invoice-rounding
```

Small pull requests get reviewed in hours; big ones wait for days and collect conflicts.
Rebase on the main branch before asking for review. See [[code-review-etiquette]].""",
        None,
    ),
    (
        "code-review-etiquette",
        "Code review etiquette",
        "Review the code, not the coder, and say which comments block.",
        ("engineering", "feedback"),
        """Good reviews are fast and kind.

- Ask questions: "What happens if the list is empty?" beats "This is wrong."
- Mark what blocks a merge and what is a *nit*.
- Praise what is good; it teaches as much as criticism.
- As an author, explain the why in the description and keep the diff small.

Many of these ideas come from [[giving-feedback-sbi]].""",
        None,
    ),
    (
        "undo-in-git",
        "Undoing things in git safely",
        "restore, revert and reset: which one, when.",
        ("git", "engineering"),
        """- Undo changes in a file you have not committed: `git restore file.py`.
- Undo a commit that is already pushed: `git revert <sha>` creates a new, opposite commit.
- Undo your last local commit but keep the changes: `git reset --soft HEAD~1`.

Never `reset --hard` or force-push a shared branch: other people's work disappears.""",
        quiz(
            q(
                "A bad commit is already on the shared main branch. What is safe?",
                ["git reset --hard", "git revert", "Force-push an older commit"],
                [1],
                "revert adds a new commit and rewrites nothing others depend on.",
            )
        ),
    ),
    (
        "gitignore-secrets",
        "Keep secrets out of git",
        "API keys in a repository are public sooner or later.",
        ("git", "security", "engineering"),
        """Once a secret is committed it lives in the history forever, even if you delete the
file in the next commit.

- Put secrets in environment variables or the secrets manager.
- Add `.env` to `.gitignore` before the first commit.
- If a key was committed: **revoke it first**, then clean up.

Report the leak: [[reporting-a-security-incident]].""",
        None,
    ),
    # --- writing --------------------------------------------------------------------------
    (
        "writing-clear-emails",
        "Writing e-mails people act on",
        "Ask in the first line, give the deadline, keep it to one screen.",
        ("writing", "communication"),
        """Busy readers decide in the first two lines whether to act.

- **Subject**: the ask and the date — *Approve Q3 travel budget by Friday*.
- **First line**: what you need from them.
- **Then**: the context, in short paragraphs or bullets.
- **End**: the deadline again, and who to ask.

If it needs more than a screen, it probably needs a meeting or a document.""",
        quiz(
            q(
                "Where should your request go?",
                ["At the end, after the context", "In the first line", "In an attachment"],
                [1],
                "Readers scan the top; put the ask there.",
            )
        ),
    ),
    (
        "plain-language",
        "Plain language at work",
        "Short words, short sentences, active voice.",
        ("writing", "communication"),
        """Plain language is not dumbing down: it respects the reader's time.

- "Use" instead of "utilise", "help" instead of "facilitate".
- One idea per sentence; aim for fewer than 20 words.
- Active voice: "Finance pays invoices on Fridays", not "Invoices are paid".
- Explain acronyms the first time.""",
        None,
    ),
    (
        "writing-a-one-pager",
        "Writing a one-page proposal",
        "Problem, proposal, cost, decision needed — on one page.",
        ("writing", "decisions"),
        """A one-pager gets a decision faster than a slide deck.

1. **Problem**: what hurts, with one number.
2. **Proposal**: what you want to do.
3. **Alternatives**: what else you considered, and why not.
4. **Cost and risk**: money, time, what could go wrong.
5. **Decision needed**: from whom, by when.

Send it a day before the meeting. See [[running-effective-meetings]].""",
        None,
    ),
    (
        "slack-etiquette",
        "Chat etiquette that respects focus",
        "Threads, status and the one-message question.",
        ("communication", "habits"),
        """- Ask your full question in one message; "hi" alone makes people wait.
- Reply in threads to keep channels readable.
- Use your status when you are focusing or away.
- Move long discussions to a call, then post the outcome.

Urgent? Call. Chat is for things that can wait an hour.""",
        None,
    ),
    (
        "documenting-decisions",
        "Documenting decisions",
        "A short decision record saves hours of re-discussion.",
        ("writing", "decisions"),
        """Six months from now nobody will remember *why*. Write a short record:

- **Date and people** involved.
- **Context**: what forced the decision.
- **Decision**: what we chose.
- **Consequences**: what becomes easier and harder.

Keep records next to the work they affect, not in someone's inbox.""",
        None,
    ),
    # --- tools and onboarding -------------------------------------------------------------
    (
        "first-week-checklist",
        "Your first week: a checklist",
        "Accounts, people and the three documents to read first.",
        ("onboarding",),
        """Welcome! In your first week:

- [ ] Set up your password manager and MFA ([[mfa-basics]]).
- [ ] Meet your buddy and book a coffee with three people outside your team.
- [ ] Read the expense policy summary ([[expense-policy-essentials]]).
- [ ] Find the team drive and the on-call calendar.
- [ ] Ask "why do we do it this way?" at least once a day — it helps us too.""",
        None,
    ),
    (
        "booking-a-meeting-room",
        "Booking rooms and desks",
        "How hot-desking works and how to release what you do not use.",
        ("onboarding", "office"),
        """Book desks and rooms in the workplace app, up to two weeks ahead.

- Check in within 15 minutes, or the booking is released.
- Release bookings you no longer need: others are waiting.
- Large rooms (10+) are for meetings of six or more.

Facilities can help with equipment at the service desk on the ground floor.""",
        None,
    ),
    (
        "using-the-it-service-desk",
        "Getting help from the IT service desk",
        "Write a ticket that gets solved on the first reply.",
        ("onboarding", "tools"),
        """A good ticket includes:

1. What you were trying to do.
2. What happened instead (the exact error, a screenshot).
3. When it started, and whether colleagues see it too.
4. How urgent it is for your work.

"Laptop broken" takes three replies. "Outlook crashes when opening calendar invites since
this morning's update" takes one.""",
        None,
    ),
    (
        "keyboard-shortcuts-that-pay",
        "Five keyboard shortcuts that pay off",
        "Small habits that save minutes a day.",
        ("tools", "habits"),
        """- **Ctrl/Cmd + K** in most tools: jump anywhere.
- **Ctrl/Cmd + Shift + T**: reopen the tab you just closed.
- **Windows + V**: clipboard history.
- **Ctrl/Cmd + F** then Enter: find the next match.
- **Windows + L / Ctrl + Cmd + Q**: lock your screen ([[clean-desk-screen-lock]]).""",
        None,
    ),
    (
        "video-call-basics",
        "Video calls that work",
        "Sound first, then light, then camera.",
        ("tools", "meetings"),
        """People forgive a blurry picture, not bad sound.

- Use a headset; laptop microphones pick up keyboards and echo.
- Face a window or a lamp, not a bright background.
- Mute when you are not speaking in groups over five.
- Share one window, not your whole screen with notifications.""",
        None,
    ),
]
