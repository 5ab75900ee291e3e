"""What each page is for, and what each field that is not obvious means: short texts drawn from the NHS
guidance on practice messaging. Fields are found by their accessible name, so one table serves every page,
wizard and dialog (`add_tips`), and a test checks that no field the table names has disappeared."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desktop.ui.widgets import note

PAGE_PURPOSE = {
    "Cohorts": (
        "A cohort is a list of patients from a search in the clinical system. Only patients with a UK mobile who "
        "have not declined texts are ever messaged; fix the rows not accepted in the clinical system and import "
        "the list again."
    ),
    "Templates": (
        "A message for one of the good uses of messaging: an online consultation invitation, a secure link to "
        "upload an image, a call to action, an appointment reminder, a very short yes/no survey, or a health "
        "information link a clinician asked for. Every message says replies are not read; one character "
        "outside the GSM alphabet (a smart quote, an emoji) can double the cost."
    ),
    "Campaigns": (
        "A campaign sends a template to a cohort after a quick check: does it prevent calls, are the costs "
        "understood, is the effect on the phones understood, is it measured? A call to action makes the phones "
        "ring, so a large list goes in blocks: small at first to learn the response, then faster at the pace "
        "reception can answer."
    ),
    "Releases": (
        "Each block of an approved campaign: when it is due and what became of its texts. Blocks go at their "
        "time through GOV.UK Notify, or are exported for upload; pause between texts if the phones are swamped."
    ),
    "Outcomes": (
        "The guidance asks practices to measure each campaign against its outcome objective (for example fewer "
        "missed appointments) and to understand what it cost. Import a follow-up list from the clinical system "
        "to see the outcome; export a report for a practice meeting, or the list to record the contact in the "
        "record."
    ),
    "Settings": (
        "The practice's details, the hours and phone capacity campaigns are paced to, what every message ends "
        "with, how texts are sent and paid for, and how long personal data is kept."
    ),
}

# By accessible name; a field whose meaning its label and placeholder already make plain has none.
FIELD_TIPS = {
    # Settings
    "Sending starts": "No text is sent before this time (nor on bank holidays).",
    "Sending ends": "No text is sent after this time: a block not finished by then waits for the next day.",
    "Bank holiday region": "No texts are sent on this region's bank holidays.",
    "Texts go through": (
        "GOV.UK Notify sends and bills texts by its own rules; export writes each block for upload to the "
        "practice's own messaging product, priced at the supplier's rate below."
    ),
    "Your supplier's price per fragment in pence": (
        "A text is billed per fragment: 160 plain characters, or 70 once any character needs Unicode."
    ),
    "VAT rate": "Added to every price: NHS practices pay VAT on text messages.",
    "Free fragments a year": "Fragments your supplier includes each year before it charges.",
    "Free fragments used this year": "Of the free fragments, those already used (your supplier's statement).",
    "Monthly budget in pounds": "The practice's own monthly limit: estimates say when a campaign goes over it.",
    "Allocation is": "How the commissioner (the ICB) funds messaging: an amount or a number of fragments a patient.",
    "Allocation for each registered patient": "For example 30p, or 10 fragments, for each patient on the list.",
    "Registered patients": "The practice's list size, which the allocation is multiplied by.",
    "Financial year starts in month": "The allocation runs for a financial year; in England it starts in April.",
    "Financial year starts on day": "The allocation runs for a financial year; in England it starts on 1 April.",
    "Spent this year outside Practice Messaging": "Messaging paid from the allocation by other means this year.",
    "Reply wording": "Added to every message: it must say replies are not read.",
    "Survey reply wording": "Added to every survey: reply only with the answer, never with a medical question.",
    "Practice website": "Links to it are allowed in messages.",
    "Approved websites": "Messages may link only to these (and NHS) websites, so patients can trust a link.",
    "GOV.UK Notify template ID": "In Notify, a text template whose whole message is ((message)): its ID.",
    "Service name before every text": "Only if Notify adds your service's name to every text: it is billed.",
    "Staff mobile for test texts": "Before a campaign's first block, a test message goes here to be checked.",
    "Folder for exported blocks": "Where send-due writes due blocks when texts are exported for upload.",
    "Days the phones are closed": "Training afternoons, closures: no calls are planned for then (one a line).",
    "New manager passphrase": "Asked for at every approval; kept only in a scrambled form that cannot be read back.",
    # The campaign wizard
    "Cohort": "The list of patients to text (Cohorts).",
    "Template": "The message, for the campaign's purpose (Templates).",
    "Leave out numbers texted in the last days": "Spares patients texted recently by any campaign.",
    "Outcome objective": "What the campaign should change, e.g. fewer missed appointments: measured on Outcomes.",
    "Baseline figure": "Where that stands now, e.g. 12% did not attend in 2025, to compare the outcome with.",
    "First release no earlier than": "The first block goes at the first sending time from here.",
    "First block": "Start small to learn how many patients phone: the guidance suggests a cautious first block.",
    "Growth of each block": "Each block this many times the last, once the response is known.",
    "Largest block": "No block is larger than this, however the plan grows (e.g. 2,000).",
    "Hours between releases": "How long to wait before the next block, to see the calls the last one caused.",
    "Expected response rate": "The share of patients texted who phone; recorded calls correct it later.",
    "Extra calls a day the practice can answer": "Used when the plan does not follow the phones hour by hour.",
    "Sending from": "The campaign's blocks go no earlier than this.",
    "Sending until": "The campaign's blocks go no later than this.",
    "Approved by": "A practice manager, not the person who prepared the campaign.",
    "Manager passphrase": "Set in Settings by the practice manager.",
    # The import wizard
    "Header row": "The row holding the column headings, below any title rows the search printed.",
    "What yes means in the consent column": "Whether a yes there means the patient agrees to texts, or opted out.",
    "Cohort name": "How the list is known in the program, e.g. Flu 65+ autumn.",
}


def page_intro(title: str) -> QLabel:
    """The short 'what is this for' under a page's heading."""
    label = note(PAGE_PURPOSE[title])
    label.setAccessibleName(f"What {title} is for")
    return label


def add_tips(root: QWidget) -> None:
    """Give every field under `root` that the table names its tip (a tip already set is kept)."""
    for widget in root.findChildren(QWidget):
        tip = FIELD_TIPS.get(widget.accessibleName())
        if tip and not widget.toolTip():
            widget.setToolTip(tip)
