"""The demo catalog's modules, part five: wellbeing and teams. Same shape as
``peerlearn.demo.content.MODULES``."""

from __future__ import annotations

from peerlearn.demo.content import ModuleEntry

MODULES: list[ModuleEntry] = [
    # --- wellbeing and teams --------------------------------------------------------------
    (
        "taking-real-breaks",
        "Taking real breaks",
        "Why a ten-minute walk beats another coffee at your desk.",
        ("wellbeing", "habits"),
        """Attention drops after about 90 minutes of focused work.

- Take a short break every 60–90 minutes: stand up, walk, look outside.
- Eat lunch away from the screen at least three times a week.
- Stop notifications outside working hours.

Breaks are not lost time: they are when the brain files what it learned.""",
        None,
    ),
    (
        "ergonomic-desk-setup",
        "Setting up your desk in five minutes",
        "Screen height, chair, feet, and the 20-20-20 rule.",
        ("wellbeing", "office"),
        """- Top of the screen at eye level, an arm's length away.
- Elbows at 90 degrees, feet flat on the floor or a footrest.
- Laptop on a stand with a separate keyboard.
- Every 20 minutes, look 20 feet (6 m) away for 20 seconds.

Ask facilities for a footrest or monitor arm: they are free.""",
        None,
    ),
    (
        "managing-your-energy",
        "Managing energy, not just time",
        "Put deep work where your energy peaks.",
        ("wellbeing", "habits"),
        """Notice when you do your best thinking — for many people, the morning.

- Block that time for deep work; move meetings later.
- Batch small tasks (e-mail, approvals) into two slots a day.
- End the day by writing tomorrow's first task.""",
        None,
    ),
    (
        "asking-for-help",
        "Asking for help early",
        "The 30-minute rule and how to ask well.",
        ("culture", "teams"),
        """Stuck for more than 30 minutes? Ask.

A good question says what you are trying to do, what you tried, and where you are stuck.
Most colleagues are glad to help — and you save the team hours of waiting.

Then write down the answer, maybe as a PeerLearn module, so the next person finds it.""",
        None,
    ),
    (
        "inclusive-language",
        "Inclusive language at work",
        "Small word choices that make everyone feel addressed.",
        ("culture", "communication"),
        """- "Everyone" or "folks" instead of "guys".
- "Chair" instead of "chairman".
- Avoid idioms that don't translate for non-native speakers.
- Ask for and use people's names and pronouns as they give them.

Nobody gets it perfect; when corrected, thank the person and move on.""",
        None,
    ),
    (
        "onboarding-a-new-colleague",
        "Being a great onboarding buddy",
        "Three coffees, one checklist, and permission to ask anything.",
        ("onboarding", "teams"),
        """As a buddy you are the newcomer's safe person to ask "silly" questions.

- Book three coffees in their first month.
- Walk through [[first-week-checklist]] together.
- Introduce them to one person outside the team each week.
- Tell them what you wish you had known in your first month.""",
        None,
    ),
    (
        "remote-team-rituals",
        "Rituals for remote teams",
        "Make the informal visible on purpose.",
        ("teams", "culture"),
        """Remote teams lose the corridor chat. Replace it deliberately:

- A weekly 15-minute call with no agenda.
- A "wins of the week" thread every Friday.
- Cameras on for small social calls, optional elsewhere.
- Meet in person at least once a quarter if you can.""",
        None,
    ),
    (
        "giving-a-lightning-talk",
        "Giving a five-minute lightning talk",
        "One idea, three slides, one story.",
        ("communication", "teaching"),
        """Five minutes is enough for one idea, not three.

1. Open with a problem the audience recognises.
2. Show one example or story.
3. End with one thing they can do tomorrow.

Rehearse out loud twice; cut anything that makes you rush.""",
        None,
    ),
    (
        "writing-a-peerlearn-module",
        "Writing a great PeerLearn module",
        "One idea, real examples, a quiz that checks understanding.",
        ("teaching", "writing"),
        """A good module teaches **one** thing in under seven minutes.

- Start with why it matters to the reader.
- Use an example from our own work.
- Link related modules with double brackets, like [[plain-language]].
- End with a question or two; explain every answer.

Reviewers will coach you — "request changes" is normal and makes modules better.""",
        None,
    ),
    (
        "teaching-with-examples",
        "Teaching with worked examples",
        "Show one solved example before asking people to try.",
        ("teaching",),
        """People learn faster from a worked example than from a rule.

1. State the rule in one sentence.
2. Show a complete example, step by step.
3. Give a similar problem to try, with the answer hidden.

See how [[sql-joins]] does it with one query.""",
        None,
    ),
]
