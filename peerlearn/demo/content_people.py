"""The demo catalog's modules, part two: feedback, meetings, expenses and finance,
customers, sales, and wellbeing. Same shape as ``peerlearn.demo.content.MODULES``."""

from __future__ import annotations

from typing import Any

from peerlearn.demo.content import q, quiz

MODULES: list[tuple[str, str, str, tuple[str, ...], str, dict[str, Any] | None]] = [
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
    # --- expenses and finance -------------------------------------------------------------
    (
        "expense-policy-essentials",
        "Expense policy essentials",
        "What you can claim, the limits, and the 30-day rule.",
        ("expenses", "finance", "policy"),
        """The short version of the expense policy:

| Item | Limit |
|---|---|
| Hotel (per night) | 150 EUR, 200 EUR in capitals |
| Meals when travelling | 60 EUR per day |
| Train | Second class; first class over 3 hours |

- Submit claims in the expenses app **within 30 days**.
- Attach an itemised receipt; a card slip is not enough.
- Alcohol is not reimbursed, except at approved client dinners.

Details and exceptions: [[booking-business-travel]].""",
        quiz(
            q(
                "Within how many days must you submit a claim?",
                ["7", "30", "90"],
                [1],
                "Claims older than 30 days need a manager's exception.",
            ),
            q(
                "Which receipts are accepted?",
                ["A card payment slip", "An itemised receipt", "A photo of an itemised receipt"],
                [1, 2],
                "The receipt must list the items; a photo in the app is fine.",
                "multiple",
            ),
        ),
    ),
    (
        "booking-business-travel",
        "Booking business travel",
        "Use the travel portal, book early, and check the duty of care rules.",
        ("expenses", "travel", "policy"),
        """Book all flights, trains and hotels through the travel portal: it applies the policy
limits and lets us reach you in an emergency.

- Book at least 14 days ahead where possible.
- Trains are preferred under 5 hours.
- Manager approval is needed for trips outside Europe.

Keep receipts for anything bought on the way and claim them under
[[expense-policy-essentials]].""",
        None,
    ),
    (
        "company-card-rules",
        "Using a company card",
        "Business only, receipts always, reconcile monthly.",
        ("expenses", "finance"),
        """A company card is for business expenses only — never personal, not even "just this
once, I'll pay it back".

- Upload the receipt in the app on the day you pay.
- Reconcile your statement by the 5th of each month.
- Report a lost card to the bank and Finance at once.""",
        None,
    ),
    (
        "purchase-orders",
        "When you need a purchase order",
        "Over 1,000 EUR, or any recurring supplier: raise a PO first.",
        ("finance", "procurement"),
        """A purchase order (PO) commits budget *before* we spend it.

- Needed for any purchase over 1,000 EUR and for every subscription.
- Raise it in the finance system; your budget owner approves.
- Give the PO number to the supplier: invoices without one are returned.

No PO, no payment — and an unhappy supplier.""",
        None,
    ),
    (
        "reading-a-pnl",
        "Reading a P&L in five minutes",
        "Revenue, costs, margin: the three lines that matter.",
        ("finance", "data"),
        """A profit and loss statement (P&L) shows whether a business makes money over a period.

- **Revenue**: what customers paid us.
- **Cost of sales**: what it cost to deliver; revenue minus this is **gross margin**.
- **Operating expenses**: salaries, rent, tools.
- **Operating profit**: what is left.

Compare with the same month last year, not just last month: seasons matter.""",
        quiz(
            q(
                "Gross margin is…",
                ["Revenue minus cost of sales", "Revenue minus all costs", "Profit after tax"],
                [0],
                "It shows what delivery costs, before overheads.",
            )
        ),
    ),
    # --- customers and sales --------------------------------------------------------------
    (
        "handling-an-angry-customer",
        "Handling an upset customer",
        "Acknowledge, own the next step, follow up.",
        ("customer success", "communication"),
        """An upset customer wants to be heard and to know what happens next.

1. **Acknowledge**: "I understand this stopped your payroll run."
2. **Don't argue** about fault in the first call.
3. **Own the next step**: "I'll call you at 3pm with an update."
4. **Follow up** when you said you would, even with no news.

Write the conversation in the customer record so colleagues don't ask again.""",
        None,
    ),
    (
        "writing-support-replies",
        "Writing support replies that close tickets",
        "Answer, steps, check — in that order.",
        ("customer success", "writing"),
        """- Start with the answer, not "Thank you for contacting us".
- Give numbered steps, one action each.
- Add a screenshot for anything with more than three clicks.
- End by checking: "Does this solve it for you?"

See [[writing-clear-emails]] for the general rules.""",
        None,
    ),
    (
        "discovery-questions",
        "Discovery questions for sales calls",
        "Open questions that find the real problem.",
        ("sales", "communication"),
        """Talk less than 40% of the first call. Ask:

- "What made you look for a solution now?"
- "What happens if you do nothing?"
- "Who else is involved in deciding?"
- "How will you measure success in six months?"

Summarise what you heard before proposing anything.""",
        None,
    ),
    (
        "handling-price-objections",
        "Handling price objections",
        "Understand the comparison before you discount.",
        ("sales", "negotiation"),
        """"It's too expensive" is the start of a conversation.

1. Ask: "Compared with what?"
2. Restate the value in the customer's own numbers.
3. Trade, don't give: a discount for a longer contract or a case study.
4. Know your walk-away point before the call.

Discounts above 15% need approval from sales leadership.""",
        None,
    ),
    (
        "customer-health-scores",
        "Customer health scores",
        "Spot churn risk before the renewal call.",
        ("customer success", "data"),
        """A health score combines signals:

- Product usage (logins, key features used).
- Support tickets and their sentiment.
- Relationship: do we know their decision-maker?

Red accounts get a plan within a week. Read the score critically:
[[reading-a-dashboard]].""",
        None,
    ),
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
