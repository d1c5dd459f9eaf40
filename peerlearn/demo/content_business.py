"""The demo catalog's modules, part four: expenses and finance, customers and sales. Same
shape as ``peerlearn.demo.content.MODULES``."""

from __future__ import annotations

from peerlearn.demo.content import ModuleEntry, q, quiz

MODULES: list[ModuleEntry] = [
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
]
