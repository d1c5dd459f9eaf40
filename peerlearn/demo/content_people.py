"""The demo catalog's modules, part three: feedback and meetings. Same shape as
``peerlearn.demo.content.MODULES``."""

from __future__ import annotations

from peerlearn.demo.content import ModuleEntry, q, quiz

MODULES: list[ModuleEntry] = [
    # --- feedback -------------------------------------------------------------------------
    (
        "giving-feedback-sbi",
        "Giving feedback with Situation–Behaviour–Impact",
        "A three-part sentence that makes feedback specific and fair.",
        ("feedback", "management"),
        """Vague feedback ("great job", "be more proactive") is hard to act on. Use **SBI**:

- **Situation**: *In Tuesday's client call…*
- **Behaviour**: *…you summarised the three options before asking for a decision…*
- **Impact**: *…and the client decided on the spot, which saved us a week.*

It works for praise and for criticism. Describe what you saw, not what you think the
person intended. Then ask: "How did it look from your side?\"""",
        quiz(
            q(
                "Which is a behaviour, in SBI terms?",
                ["You were lazy", "You arrived 15 minutes late", "You don't care"],
                [1],
                "A behaviour is observable; the others are judgements.",
            ),
            q(
                "SBI only works for negative feedback.",
                [],
                [1],
                "It works just as well for specific praise.",
                "true_false",
            ),
        ),
    ),
    (
        "receiving-feedback",
        "Receiving feedback without defending",
        "Listen, ask, thank — decide later.",
        ("feedback",),
        """Feedback is data about how you come across. Treat it like data:

1. **Listen** to the end without preparing your defence.
2. **Ask** for an example: "Can you tell me when that happened?"
3. **Thank** the person: giving feedback is uncomfortable.
4. **Decide later** what to do with it; you do not have to agree on the spot.

People who receive feedback well get more of it, and grow faster.""",
        None,
    ),
    (
        "feedback-in-one-to-ones",
        "Making one-to-ones useful",
        "The employee's agenda first, the manager's second.",
        ("feedback", "management", "meetings"),
        """A one-to-one is the employee's meeting.

- Keep a shared running agenda; both add items during the week.
- Start with their topics, then yours, then growth.
- Once a month, ask: "What should I do more, less, or differently?"
- Write down agreements and check them next time.

Cancel status updates, never one-to-ones. See [[giving-feedback-sbi]].""",
        None,
    ),
    (
        "recognising-colleagues",
        "Recognising colleagues well",
        "Specific, timely and public when welcome.",
        ("feedback", "culture"),
        """Recognition motivates when it is:

- **Specific**: name what they did and why it mattered.
- **Timely**: this week, not at the annual review.
- **Fitting**: some people love a shout-out in the all-hands; others prefer a private note.

Thank the people behind the scenes too: the reviewer, the person who fixed the build.""",
        None,
    ),
    (
        "difficult-conversations",
        "Preparing a difficult conversation",
        "Facts, feelings and the outcome you want — written down first.",
        ("feedback", "management"),
        """Before a hard conversation, write three lines:

1. The **facts** both of you would agree on.
2. How you **feel** about it, and how they might.
3. The **outcome** you want, stated as a shared goal.

Open with the shared goal, share the facts, then listen more than you talk. End with an
agreed next step and a date.""",
        None,
    ),
    # --- meetings -------------------------------------------------------------------------
    (
        "running-effective-meetings",
        "Running a meeting worth attending",
        "Purpose, agenda, decision-maker — or no meeting.",
        ("meetings", "habits"),
        """Before you send the invite, answer three questions:

- **Purpose**: decide, solve, or inform? Informing is usually an e-mail.
- **Agenda**: the questions to answer, in the invite.
- **Decision-maker**: who decides if we disagree?

Invite only people who contribute, start on time, and end with owners and dates. Send the
notes within an hour. A short written proposal helps: [[writing-a-one-pager]].""",
        quiz(
            q(
                "Which should usually be an e-mail rather than a meeting?",
                ["Choosing between two vendors", "A weekly status update", "Solving an outage"],
                [1],
                "Status updates inform; they rarely need everyone at the same time.",
            )
        ),
    ),
    (
        "meeting-notes-that-matter",
        "Meeting notes that matter",
        "Decisions and actions, not a transcript.",
        ("meetings", "writing"),
        """Good notes have three sections:

- **Decisions**: what we agreed.
- **Actions**: owner, task, date.
- **Open questions**: who will find out.

Skip who said what. Share the notes in the channel where the work happens, within the
hour.""",
        None,
    ),
    (
        "saying-no-to-meetings",
        "Declining meetings politely",
        "Protect focus time without hurting relationships.",
        ("meetings", "habits"),
        """It is fine to decline. Do it kindly:

- "I can't add much here — could you send me the decision afterwards?"
- "Could we do this async? Here are my thoughts."
- Suggest a colleague who is closer to the topic.

Block focus time in your calendar and treat it like a meeting with yourself.""",
        None,
    ),
    (
        "facilitating-a-retro",
        "Facilitating a team retrospective",
        "What went well, what did not, what we try next.",
        ("meetings", "teams"),
        """A retro is for the team to improve its own way of working.

1. Set the stage: everyone did their best with what they knew.
2. Collect: what went well, what was hard (silently, on notes).
3. Group and vote on the top two topics.
4. Agree one or two experiments, with owners.

Start the next retro by checking the experiments.""",
        None,
    ),
    (
        "hybrid-meetings",
        "Fair hybrid meetings",
        "If one person is remote, everyone joins like they are.",
        ("meetings", "tools"),
        """Remote participants lose out when the room forgets them.

- Everyone uses their own laptop and headset, even in the room.
- Use the chat and raise-hand features for everyone.
- The facilitator invites remote people to speak first.

See [[video-call-basics]] for the setup.""",
        None,
    ),
]
