"""The demo catalog's long tail: ~100 more modules, written from per-area templates, so the
catalog has the size of a living company's (150+ modules) and every reading length (short,
medium, long: 2–10 minutes) has results.

Each topic is a title and a summary; its body is assembled, deterministically, from its
area's advice, examples and pitfalls, plus a few sections every area shares, until it reaches
the reading time the topic was given. ``peerlearn.demo.modules`` publishes them after the
hand-written parts (``content*.py``).
"""

from __future__ import annotations

import random
from functools import cache

from peerlearn.content.rendering import WORDS_PER_MINUTE, estimate_minutes, render_markdown
from peerlearn.demo.content import ModuleEntry

SEED = 1502

AREAS: dict[str, dict[str, list[str]]] = {
    "excel": {
        "advice": [
            "Turn the range into a table first (Ctrl+T), so formulas and charts grow with it.",
            "Name the columns plainly; a header like “Order date” beats “Col7” for anyone who "
            "opens the file after you.",
            "Keep raw data on one sheet and calculations on another, so a refresh never "
            "overwrites your work.",
            "Check the totals against the source system once before you share the result.",
            "Freeze the header row, so the column names stay visible while you scroll.",
            "Use absolute references ($A$1) for the one cell every row refers to, such as a "
            "rate or a target.",
            "Add a short “How to use this file” note on the first sheet; future you will be "
            "grateful.",
            "Filter before you delete: hidden rows are still there and still counted.",
        ],
        "examples": [
            "Finance rebuilt the monthly cost report this way: what took an afternoon of "
            "copy-paste now refreshes in a minute, and the numbers match the ledger.",
            "Sales operations keep one table per quarter; a single summary sheet reads them "
            "all, so nobody edits last quarter by mistake.",
        ],
        "pitfalls": [
            "merging cells, which breaks sorting and filtering",
            "typing numbers as text (a green triangle in the corner gives it away)",
            "hard-coding a value inside a formula instead of pointing to a cell",
        ],
    },
    "security": {
        "advice": [
            "Lock your screen whenever you step away (Windows+L, or Ctrl+Cmd+Q on a Mac).",
            "Report anything odd through the Report phishing button; the security team "
            "prefers ten false alarms to one missed attack.",
            "Keep work files in the company drive, not on a personal USB stick or cloud account.",
            "Install updates the day they arrive; most attacks use holes that are already fixed.",
            "Share documents with named people rather than “anyone with the link”.",
            "Never approve a sign-in prompt you did not start yourself.",
            "Use the password manager for every account, and a passphrase for the manager.",
        ],
        "examples": [
            "Last spring a colleague noticed a supplier's bank details had “changed” by "
            "e-mail. One phone call to the usual contact stopped a 40,000 EUR payment.",
            "An engineer found an access key in an old repository; because she reported it "
            "at once, it was revoked within the hour and nothing was lost.",
        ],
        "pitfalls": [
            "assuming a message is safe because it uses a colleague's name",
            "reusing one password for work and personal accounts",
            "leaving a laptop unlocked on a train or in a café",
        ],
    },
    "communication": {
        "advice": [
            "Put the decision or the request in the first line; details can follow.",
            "Say who needs to do what, by when, in one sentence.",
            "Prefer a short written summary after a meeting to a long one before it.",
            "Use the channel that fits: chat for quick questions, e-mail for records, a "
            "call for anything emotional.",
            "Read your message once as the person receiving it, on a phone.",
            "Link to the source instead of pasting a screenshot of it.",
            "Close the loop: when a question is answered, say so in the thread.",
        ],
        "examples": [
            "The Customer Success team replaced their weekly status e-mail with three "
            "lines — done, next, blocked — and replies went up, not down.",
            "A product manager started every proposal with the decision she needed; "
            "approval times halved within a quarter.",
        ],
        "pitfalls": [
            "burying the request in the last paragraph",
            "copying everyone “just in case”",
            "answering a tense message within minutes instead of after a pause",
        ],
    },
    "leadership": {
        "advice": [
            "Hold a regular one-to-one and let the other person set most of the agenda.",
            "Give feedback close to the moment, in private, about behaviour rather than "
            "personality.",
            "Explain the why behind a decision, even when the decision is not yours.",
            "Agree on what “done” looks like before the work starts.",
            "Protect focus time for the team, including your own.",
            "Celebrate small wins in public; discuss misses in private.",
            "Ask “what would help you most right now?” and act on the answer.",
        ],
        "examples": [
            "A new team lead in Operations asked each person what a great week looks like "
            "for them; two process changes came straight out of those answers.",
            "Engineering managers share their one-to-one templates on PeerLearn; newer "
            "leads start from them instead of a blank page.",
        ],
        "pitfalls": [
            "cancelling one-to-ones when things get busy — exactly when they matter most",
            "giving only positive or only negative feedback",
            "deciding alone what the team could decide together",
        ],
    },
    "customers": {
        "advice": [
            "Listen for the problem behind the request before you offer a solution.",
            "Repeat the customer's words back to them; it proves you understood.",
            "Give a time you will answer by, and answer before it.",
            "Write down what you promised in the ticket, so anyone can follow up.",
            "Explain what happens next, even when the answer is “we are still checking”.",
            "Escalate early when something is outside your control, and tell the customer you did.",
            "End with a clear question: “Does that solve it for you?”",
        ],
        "examples": [
            "A support engineer turned an angry call into a renewal by summarising the "
            "customer's three complaints before answering any of them.",
            "Account managers keep a shared list of the questions customers ask most; new "
            "starters read it in their first week.",
        ],
        "pitfalls": [
            "promising a date that depends on another team",
            "using internal jargon with customers",
            "closing a ticket before the customer confirms",
        ],
    },
    "wellbeing": {
        "advice": [
            "Block a short break after long meetings and take it away from the screen.",
            "Plan your hardest task for the hours you think best.",
            "Turn off notifications you do not need to act on within the hour.",
            "Say no to one thing this week so you can say yes to something that matters.",
            "Take lunch away from your desk at least three times a week.",
            "End the day by writing tomorrow's first task; it makes starting easier.",
            "Ask for help early; most colleagues are glad to be asked.",
        ],
        "examples": [
            "The Marketing team tried meeting-free Wednesday mornings for a month; they kept "
            "it, and deadlines were met more often, not less.",
            "A colleague in Finance shares the two-minute breathing exercise she uses before "
            "difficult calls; dozens of people have tried it.",
        ],
        "pitfalls": [
            "answering messages late at night because the phone is nearby",
            "skipping breaks on the busiest days",
            "treating every request as urgent",
        ],
    },
}

TOPICS: list[tuple[str, str, str]] = [
    ("excel", "Sorting by several columns", "Sort by region, then by date, in one step."),
    ("excel", "Removing duplicates safely", "Find and remove repeated rows without losing data."),
    ("excel", "Drop-down lists for clean data", "Data validation that stops typing errors."),
    ("excel", "SUMIFS for everyday totals", "Add up what matches several conditions."),
    ("excel", "Text to columns", "Split names, codes and dates into their own columns."),
    ("excel", "Charts that tell one story", "Pick the chart that answers the question asked."),
    ("excel", "Sharing a workbook without chaos", "Co-editing, comments and version history."),
    ("excel", "Dates that behave", "Why dates sort oddly, and how to make them real dates."),
    ("excel", "Power Query in ten minutes", "Import, clean and refresh data with no formulas."),
    ("excel", "Protecting formulas", "Lock the cells others should not overwrite."),
    ("excel", "Keyboard shortcuts worth learning", "The dozen that save real time."),
    ("excel", "IF without the headache", "Readable conditions, and when to use IFS instead."),
    ("excel", "From spreadsheet to dashboard", "A one-page view leadership will actually read."),
    ("excel", "Checking a model before you trust it", "Five checks on someone else's file."),
    ("excel", "Rounding without surprises", "ROUND, display formats and totals that add up."),
    ("excel", "INDEX and MATCH", "The lookup that works in every direction."),
    ("security", "Working safely on public Wi-Fi", "Cafés, trains and hotels without the risk."),
    ("security", "Travelling with a work laptop", "Borders, hotels and lost-device steps."),
    ("security", "Recognising a fake invoice", "The signs of invoice fraud, and the call to make."),
    ("security", "Sharing files the safe way", "Links, permissions and expiry dates."),
    ("security", "What to do if you clicked", "The first ten minutes after a bad click."),
    ("security", "Locking down your phone", "Screen lock, updates and app permissions."),
    ("security", "Personal data in e-mails", "What not to send, and what to send instead."),
    ("security", "Clean desk, clean screen", "Paper, whiteboards and screens in shared spaces."),
    ("security", "Social engineering on the phone", "When the caller sounds very convincing."),
    ("security", "Using AI tools with company data", "What you may paste, and what you may not."),
    ("security", "Backups you can restore", "Where your files live and how to get them back."),
    ("security", "QR codes and fake login pages", "Why scanning can be as risky as clicking."),
    ("security", "Guest Wi-Fi for visitors", "How to connect visitors without opening doors."),
    ("security", "Access reviews for team leads", "Who still needs access, every quarter."),
    ("security", "Secure printing", "Pull printing, forgotten pages and confidential jobs."),
    ("security", "Deepfake voice scams", "A familiar voice asking for money: what to check."),
    ("communication", "Writing an e-mail people answer", "Subject, first line, one ask."),
    ("communication", "Running a 15-minute stand-up", "Keep it short, useful and on time."),
    ("communication", "Meeting notes in five lines", "Decisions, owners and dates, nothing more."),
    (
        "communication",
        "Presenting to senior leaders",
        "Lead with the answer; keep detail ready.",
    ),
    ("communication", "Saying no politely", "Protect priorities without damaging trust."),
    ("communication", "Async updates that work", "Updates people read without a meeting."),
    ("communication", "Writing for a global team", "Plain English for colleagues everywhere."),
    ("communication", "Difficult conversations at work", "Prepare, listen, agree next steps."),
    ("communication", "Chat etiquette", "Threads, mentions and status that help everyone."),
    ("communication", "Giving a good demo", "Show the outcome first, the clicks second."),
    ("communication", "Writing a one-page proposal", "Problem, options, recommendation, ask."),
    ("communication", "Video calls that feel human", "Camera, sound and turn-taking basics."),
    ("communication", "Asking a good question", "Context, what you tried, what you need."),
    ("communication", "Handing over work before leave", "A handover note colleagues can use."),
    ("communication", "Writing release notes", "What changed, for whom, and what to do."),
    ("communication", "Facilitating a workshop", "Agenda, energy and a clear outcome."),
    ("communication", "Summarising a long thread", "Turn forty messages into five lines."),
    ("leadership", "Your first week as a team lead", "What to do, and what not to change yet."),
    ("leadership", "Delegating without dumping", "Hand over outcomes, not just tasks."),
    ("leadership", "Setting goals that guide", "Goals people can use to decide on Monday."),
    ("leadership", "Running a fair hiring interview", "Same questions, clear criteria, notes."),
    ("leadership", "Onboarding a new team member", "A plan for the first thirty days."),
    ("leadership", "Recognising good work", "Specific, timely and in the right place."),
    ("leadership", "Leading a remote team", "Rituals and habits for teams that rarely meet."),
    ("leadership", "Handling underperformance early", "A kind, clear and documented approach."),
    ("leadership", "Making decisions as a team", "Who decides, who is consulted, who is told."),
    ("leadership", "Coaching with questions", "Help people find their own answer."),
    ("leadership", "Managing your manager", "Keep your manager informed and useful to you."),
    ("leadership", "Running a good retrospective", "Look back to work better, not to blame."),
    ("leadership", "Career conversations", "Talk about growth before someone asks to leave."),
    ("leadership", "Change without chaos", "Explain, involve, and give it time."),
    ("leadership", "Building trust in a new team", "Small promises kept, early and often."),
    ("leadership", "Prioritising with your team", "Say what you will not do this quarter."),
    (
        "customers",
        "The first call with a new customer",
        "Listen, map goals, agree next steps.",
    ),
    ("customers", "Handling a complaint", "Acknowledge, own, fix, follow up."),
    ("customers", "Writing a helpful ticket reply", "Clear steps, one question, a friendly close."),
    ("customers", "Saying “not yet” to a feature", "Keep the relationship and the roadmap."),
    ("customers", "Preparing a business review", "The slides customers actually care about."),
    ("customers", "Spotting churn risk early", "Signals in usage, tone and tickets."),
    ("customers", "Running a product training", "Teach the three tasks people do daily."),
    ("customers", "Asking for a referral", "When and how to ask happy customers."),
    ("customers", "Renewal conversations", "Start early, lead with value delivered."),
    ("customers", "Working with the product team", "Feedback engineers can act on."),
    (
        "customers",
        "Customer calls across time zones",
        "Scheduling and follow-up for both.",
    ),
    ("customers", "Writing a knowledge-base article", "Answer the question in the first line."),
    ("customers", "Escalating the right way", "What to include so the next person can act."),
    ("customers", "Measuring customer satisfaction", "CSAT, NPS and what to do with them."),
    ("customers", "Onboarding a customer in 30 days", "Milestones that prove early value."),
    ("customers", "Negotiating a price increase", "Prepare the value story before the number."),
    ("wellbeing", "Focus blocks that survive the week", "Protect deep work in a busy calendar."),
    ("wellbeing", "Managing your inbox in 20 minutes", "Triage, batch, and let some things go."),
    ("wellbeing", "Healthy habits at the desk", "Posture, screens and moving every hour."),
    ("wellbeing", "Recovering after a busy launch", "Rest is part of the plan, not a reward."),
    ("wellbeing", "Working from home well", "Boundaries, routines and a real end of day."),
    ("wellbeing", "Dealing with stress at work", "Notice it early, name it, act on it."),
    ("wellbeing", "Taking real time off", "Plan cover, switch off, come back well."),
    ("wellbeing", "Better meetings for everyone", "Shorter, fewer, with a clear purpose."),
    ("wellbeing", "Sleep and performance", "Why sleep is a work skill, and small fixes."),
    (
        "wellbeing",
        "Supporting a struggling colleague",
        "What to say, and where to point.",
    ),
    ("wellbeing", "Planning your week on Friday", "Twenty minutes that make Monday calmer."),
    ("wellbeing", "Learning something new every week", "Small, steady learning that sticks."),
    ("wellbeing", "Walking meetings", "When a walk beats a meeting room."),
    ("wellbeing", "Time zones without burnout", "Share the early and late calls fairly."),
    ("wellbeing", "Saying yes to fewer things", "A simple test before you accept a request."),
    ("wellbeing", "Starting the day on purpose", "The first hour sets the tone."),
    ("excel", "Conditional sums by month", "Monthly totals from a list of dated rows."),
    ("excel", "Cleaning imported data", "Trim spaces, fix cases and split codes."),
    ("security", "Spotting a fake delivery text", "Parcel messages that want your card."),
    ("security", "Multi-factor fatigue attacks", "Why a flood of prompts means someone knows."),
    ("communication", "Writing a clear task description", "So the work gets done right once."),
    ("communication", "Feedback on a document", "Comments that improve it, not just mark it."),
    ("leadership", "Running a planning session", "From a long wish list to a short plan."),
    ("leadership", "Leading through uncertainty", "Say what you know, and what you do not."),
    ("customers", "Handling a data request", "When a customer asks what we store."),
    ("customers", "Writing a follow-up e-mail", "Recap, owners, dates, in five lines."),
    ("wellbeing", "Ergonomics for laptops", "Stand, screen and keyboard on a budget."),
    ("wellbeing", "Reconnecting after parental leave", "A gentle first month back."),
]

SHARED = [
    "Start small: try it once this week on a real piece of work, not a toy example, and "
    "note what was easier or harder than you expected.",
    "If your team already has a way of doing this, follow it and suggest improvements in the "
    "comments below; a module that reflects how we really work helps the next reader more "
    "than a perfect theory.",
    "Ask a colleague to look over your first attempt. Two minutes of feedback from someone "
    "who does this every week saves hours of guessing.",
    "Keep a copy of what worked — a template, a checklist, a saved view — so next time you "
    "start from your best version rather than from scratch.",
    "Come back to this module in a month. Most habits need three or four repetitions before "
    "they feel natural, and a second read shows you what you skipped the first time.",
    "When you find a better way, write it up on PeerLearn. Most of what colleagues read here "
    "was written by someone who learned it the hard way and wanted to save others the trouble.",
]
QUESTIONS = [
    "What would change if you did this every week for a month?",
    "Who on your team already does this well, and what could you ask them?",
    "Which part of this is hardest in your current role, and why?",
    "What is the smallest first step you could take tomorrow?",
]


def _words(text: str) -> int:
    return len(text.split())


def _body(rng: random.Random, area: str, title: str, summary: str, minutes: int) -> str:
    pool = AREAS[area]
    target = minutes * WORDS_PER_MINUTE - rng.randrange(20, 120)
    advice = rng.sample(pool["advice"], len(pool["advice"]))
    parts = [
        f"{summary} This is how colleagues here approach *{title.lower()}*, in about "
        f"{minutes} minutes.",
        "## How to do it",
        "\n".join(f"{n}. {tip}" for n, tip in enumerate(advice[:5], start=1)),
        "## An example from our work",
        rng.choice(pool["examples"]),
        "## Common mistakes",
        "\n".join(f"- Avoid {pitfall}." for pitfall in pool["pitfalls"]),
    ]
    extras = [
        ("## More tips from the team", "\n".join(f"- {tip}" for tip in advice[5:])),
        ("## Another example", next(e for e in pool["examples"] if e not in parts)),
        ("## Making it stick", " ".join(rng.sample(SHARED, 3))),
        ("## Questions to ask yourself", "\n".join(f"- {q}" for q in QUESTIONS)),
        ("## Before you finish", " ".join(s for s in SHARED if s not in parts[-1])),
    ]
    while extras and _words("\n\n".join(parts)) < target:
        heading, text = extras.pop(0)
        parts += [heading, text]
    step = 0
    while _words("\n\n".join(parts)) < target:  # the longest reads: a worked checklist
        step += 1
        tip = advice[step % len(advice)]
        parts.append(
            f"**Step {step} in practice.** {tip} In our teams this usually takes a few "
            f"minutes the first time and becomes automatic after a week. "
            f"{SHARED[step % len(SHARED)]}"
        )
    return "\n\n".join(parts)


def _slug(title: str) -> str:
    cleaned = "".join(c if c.isalnum() else "-" for c in title.lower())
    return "-".join(part for part in cleaned.split("-") if part)[:70]


@cache
def generated_modules() -> list[ModuleEntry]:
    """The long-tail modules, the same on every run: 2–10 minutes, most of them short."""
    rng = random.Random(SEED)
    entries: list[ModuleEntry] = []
    for area, title, summary in TOPICS:
        minutes = rng.choices(range(2, 11), [14, 16, 14, 12, 10, 9, 8, 8, 9])[0]
        body = _body(rng, area, title, summary, minutes)
        tags = (area, rng.choice(("basics", "how-to", "team", "tips")))
        entries.append((_slug(title), title, summary, tags, body, None))
    return entries


def minutes_of(entry: ModuleEntry) -> int:
    """The reading time the app will store for ``entry`` (rendered words, as on saving)."""
    return estimate_minutes(render_markdown(entry[4]).word_count, 0)


@cache
def one_of_each_length() -> list[ModuleEntry]:
    """The first long-tail module of each reading time from 2 to 10 minutes: the standard
    demo's share of the long tail, so every length filter of its catalog has results."""
    seen: dict[int, ModuleEntry] = {}
    for entry in generated_modules():
        minutes = minutes_of(entry)
        if 2 <= minutes <= 10:
            seen.setdefault(minutes, entry)
    return [seen[minutes] for minutes in sorted(seen)]


def __getattr__(name: str) -> list[ModuleEntry]:
    """``MODULES`` and ``SAMPLE``, built on first use, not when the app imports the demo
    (every web process imports it through the CLI commands)."""
    if name == "MODULES":
        return generated_modules()
    if name == "SAMPLE":
        return one_of_each_length()
    raise AttributeError(name)
