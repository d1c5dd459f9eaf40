"""The demo catalog's modules, part two: git, writing, and tools and onboarding. Same shape
as ``peerlearn.demo.content.MODULES``."""

from __future__ import annotations

from peerlearn.demo.content import ModuleEntry, q, quiz

MODULES: list[ModuleEntry] = [
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
