"""Numbered, forward-only schema migrations. Never edit one that has shipped: add the next."""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

# A statement is SQL, or a function for a change SQL alone cannot make.
Statement = str | Callable[[Database], None]

_PATIENT_STATUS_IN = "CHECK (status IN ('valid', 'invalid', 'duplicate', 'opted_out'))"
_PATIENT_STATUS_OR = "CHECK (status = 'valid' OR status = 'invalid' OR status = 'duplicate' OR status = 'opted_out')"


def _patient_status_check_by_comparisons(db: Database) -> None:
    """Write the patients' status CHECK as comparisons, not IN: the same rule, read five times faster.

    SQLite builds a lookup table for an IN list of three or more each time it tests a row: that
    was 40 % of storing 100,000 patients. A table cannot be rebuilt here (messages refer to
    patients, and their deletion is refused), so the CHECK is rewritten in place, as SQLite
    documents for a change that leaves the stored rows as they are (lang_altertable.html,
    "Making Other Kinds Of Table Schema Changes"), and the schema version bumped so every
    connection reads it again.
    """
    version = int(db.execute("PRAGMA schema_version").fetchone()[0])
    db.execute("PRAGMA writable_schema = ON")
    try:
        db.execute(
            "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'patients'",
            [_PATIENT_STATUS_IN, _PATIENT_STATUS_OR],
        )
        db.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")


# Each migration is a tuple of statements, run in one transaction with the
# schema version (PRAGMA user_version) so it applies wholly or not at all.
# Times are ISO 8601 UTC text; JSON columns hold plain objects.
MIGRATIONS: list[tuple[Statement, ...]] = [
    # 1: the first schema.
    (
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE cohorts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            source_file TEXT,
            source_sheet TEXT,
            imported_at TEXT NOT NULL,
            imported_by TEXT NOT NULL,
            mapping TEXT NOT NULL DEFAULT '{}',
            rows_read INTEGER NOT NULL DEFAULT 0,
            accepted INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            opted_out INTEGER NOT NULL DEFAULT 0,
            shared_numbers INTEGER NOT NULL DEFAULT 0,
            is_sample INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE patients (
            id INTEGER PRIMARY KEY,
            cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
            source_row INTEGER NOT NULL,
            nhs_number TEXT,
            title TEXT,
            first_name TEXT,
            surname TEXT,
            date_of_birth TEXT,
            mobile TEXT,
            status TEXT NOT NULL CHECK (status IN ('valid', 'invalid', 'duplicate', 'opted_out')),
            problem TEXT,
            shares_mobile INTEGER NOT NULL DEFAULT 0,
            fields TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX patients_by_cohort ON patients (cohort_id, status)",
        """CREATE TABLE templates (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            purpose TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            archived_at TEXT
        )""",
        """CREATE TABLE template_versions (
            id INTEGER PRIMARY KEY,
            template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE RESTRICT,
            version INTEGER NOT NULL,
            body TEXT NOT NULL,
            approving_clinician TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            UNIQUE (template_id, version)
        )""",
        """CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            purpose TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'approved', 'paused', 'cancelled', 'completed')),
            cohort_id INTEGER REFERENCES cohorts(id) ON DELETE RESTRICT,
            template_version_id INTEGER REFERENCES template_versions(id) ON DELETE RESTRICT,
            options TEXT NOT NULL DEFAULT '{}',
            quick_check TEXT NOT NULL DEFAULT '{}',
            plan TEXT,
            estimate TEXT,
            approved_by TEXT,
            approved_at TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            sequence INTEGER NOT NULL,
            planned_at TEXT NOT NULL,
            size INTEGER NOT NULL CHECK (size > 0),
            status TEXT NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'releasing', 'released', 'cancelled')),
            released_at TEXT,
            observed_responses INTEGER,
            UNIQUE (campaign_id, sequence)
        )""",
        # One row per patient per campaign, written before anything is sent, so a
        # sender that crashes can find what it had started by `reference` and
        # never text a patient twice.
        """CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE RESTRICT,
            batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE RESTRICT,
            patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE RESTRICT,
            recipient TEXT NOT NULL,
            body TEXT NOT NULL,
            encoding TEXT NOT NULL,
            fragments INTEGER NOT NULL,
            reference TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'exported', 'cancelled')),
            channel TEXT,
            provider_id TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_attempt_at TEXT,
            sent_at TEXT,
            status_at TEXT,
            failure_reason TEXT,
            UNIQUE (campaign_id, patient_id)
        )""",
        "CREATE INDEX messages_by_batch ON messages (batch_id, status)",
        # Who did what and when. Never patient data: ids and counts only.
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject_type TEXT,
            subject_id INTEGER,
            detail TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX audit_by_subject ON audit_log (subject_type, subject_id)",
    ),
    # 2: a large practice's list stays quick to page, filter and search; a cohort keeps its longest values.
    (
        # Each placeholder's longest realistic value ({name: value}), worked out once: patients never change.
        "ALTER TABLE cohorts ADD COLUMN longest_values TEXT",
        "DROP INDEX patients_by_cohort",
        "CREATE INDEX patients_by_status ON patients (cohort_id, status, source_row)",
        "CREATE INDEX patients_in_order ON patients (cohort_id, source_row)",
        # Name and number tokens (desktop.core.search) for finding patients as staff type; rowid = patients.id.
        "CREATE VIRTUAL TABLE patient_search USING fts5(cohort, names, numbers, detail=column, columnsize=0)",
        "INSERT INTO patient_search (rowid, cohort, names, numbers) "
        "SELECT id, 'c' || cohort_id, pm_name_tokens(first_name, surname), pm_number_tokens(nhs_number, mobile) "
        "FROM patients",
    ),
    # 3: patients accepted with nothing recorded in the list's SMS consent column, counted.
    ("ALTER TABLE cohorts ADD COLUMN no_preference INTEGER NOT NULL DEFAULT 0",),
    # 4: storing a large list quickly.
    (_patient_status_check_by_comparisons,),
    # 5: sending. A release is a set of patients with one due time (today one per block). The
    # messages table of version 1 was never written to, so it is made again around releases.
    (
        "DROP INDEX messages_by_batch",
        "DROP TABLE messages",
        """CREATE TABLE releases (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE RESTRICT,
            batch_id INTEGER REFERENCES batches(id) ON DELETE RESTRICT,
            due_at TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        # Who is sending a release now. A lease: a holder that crashed loses it when it runs out.
        """CREATE TABLE release_locks (
            release_id INTEGER PRIMARY KEY REFERENCES releases(id) ON DELETE CASCADE,
            holder TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )""",
        # One row per patient per campaign, written (queued, with its reference) before any request
        # leaves, so a sender that stops anywhere finds what it had started and never texts twice.
        # status: queued; sending (a request went, its outcome not yet known); sent (Notify took it);
        # delivered / permanent-failure / temporary-failure / technical-failure (Notify's word);
        # refused (Notify would not take it); unknown (not settled in 3 days: never resent by itself);
        # exported; cancelled. Comparisons, not IN: see migration 4.
        """CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE RESTRICT,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE RESTRICT,
            patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE RESTRICT,
            recipient TEXT NOT NULL,
            body TEXT NOT NULL,
            fragments INTEGER NOT NULL,
            reference TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL DEFAULT 'queued' CHECK (
                status = 'queued' OR status = 'sending' OR status = 'sent' OR status = 'delivered'
                OR status = 'permanent-failure' OR status = 'temporary-failure' OR status = 'technical-failure'
                OR status = 'refused' OR status = 'unknown' OR status = 'exported' OR status = 'cancelled'
            ),
            provider_id TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_attempt_at TEXT,
            sent_at TEXT,
            status_at TEXT,
            failure_reason TEXT,
            UNIQUE (campaign_id, patient_id)
        )""",
        "CREATE INDEX messages_by_release ON messages (release_id, status)",
        "CREATE INDEX messages_by_recipient ON messages (recipient, sent_at)",
    ),
    # 6: what releasing needs besides the texts: their real cost, who must never be texted, the
    # test message before a campaign's first release, and replies to surveys.
    (
        # Notify's own cost of a text in pounds (decimal text), once it has worked it out.
        "ALTER TABLE messages ADD COLUMN cost TEXT",
        # Why patients were left out of a release when it was queued ({reason: count}).
        "ALTER TABLE releases ADD COLUMN left_out TEXT NOT NULL DEFAULT '{}'",
        # The practice-wide do-not-text list: an NHS number or a mobile (E.164), never texted.
        """CREATE TABLE do_not_text (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind = 'nhs_number' OR kind = 'mobile'),
            value TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL,
            UNIQUE (kind, value)
        )""",
        # The test message: sent (or written as a sample) and confirmed by a person before the first release.
        "ALTER TABLE campaigns ADD COLUMN test_sent_at TEXT",
        "ALTER TABLE campaigns ADD COLUMN test_confirmed_at TEXT",
        "ALTER TABLE campaigns ADD COLUMN test_confirmed_by TEXT",
        # Replies fetched from Notify. answer: yes / no / other (a survey's), or not-read (a reply to
        # a text that said replies are not read: only counted, its words never kept), or stop.
        """CREATE TABLE replies (
            id INTEGER PRIMARY KEY,
            provider_id TEXT NOT NULL UNIQUE,
            message_id INTEGER REFERENCES messages(id) ON DELETE RESTRICT,
            answer TEXT NOT NULL CHECK (
                answer = 'yes' OR answer = 'no' OR answer = 'other' OR answer = 'not-read' OR answer = 'stop'
            ),
            body TEXT,
            received_at TEXT NOT NULL
        )""",
        "CREATE INDEX replies_by_message ON replies (message_id)",
        # Read on the window's thread with a year of texts: a patient's texts (the look-up), the
        # week's texts (same-purpose rule, statuses), and numbers not in use.
        "CREATE INDEX releases_by_batch ON releases (batch_id)",
        "CREATE INDEX messages_by_patient ON messages (patient_id)",
        "CREATE INDEX messages_by_sent_at ON messages (sent_at)",
        "CREATE INDEX messages_not_in_use ON messages (status_at) WHERE status = 'permanent-failure'",
    ),
    # 7: calls hour by hour, to learn how many patients a campaign's texts made phone, and when: every
    # inbound call (typed from an hourly report, or counted from the phone system's call log), and the
    # calls staff counted as about a campaign. Counts only: never a caller's number.
    (
        """CREATE TABLE call_counts (
            hour TEXT PRIMARY KEY,
            calls INTEGER NOT NULL CHECK (calls >= 0),
            source TEXT NOT NULL CHECK (source = 'typed' OR source = 'call log'),
            recorded_at TEXT NOT NULL
        )""",
        """CREATE TABLE campaign_calls (
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            hour TEXT NOT NULL,
            calls INTEGER NOT NULL CHECK (calls >= 0),
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (campaign_id, hour)
        )""",
    ),
    # 8: appointment reminders: each patient's appointment (UK date, and time when known: 2026-12-10T10:30).
    ("ALTER TABLE patients ADD COLUMN appointment TEXT",),
    # 9: outcomes: a follow-up list from the clinical system, matched to a campaign's patients by NHS number
    # (kept as the patients' own are: the number, or its keyed hash once the campaign's data is purged).
    (
        """CREATE TABLE outcomes (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            nhs_number TEXT NOT NULL,
            result TEXT NOT NULL CHECK (
                result = 'done' OR result = 'not_done' OR result = 'attended' OR result = 'dna'
                OR result = 'cancelled'
            ),
            day TEXT,
            booked TEXT,
            appointment TEXT,
            UNIQUE (campaign_id, nhs_number)
        )""",
        # a campaign's held-back group, recorded at approval: who would have been texted but was not
        """CREATE TABLE held_back (
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
            PRIMARY KEY (campaign_id, patient_id)
        )""",
        # when the follow-up list was imported, and what it held (for the report)
        "ALTER TABLE campaigns ADD COLUMN outcome_imported_at TEXT",
        # personal data deleted after the retention period, or purged by a manager (then only counts remain)
        "ALTER TABLE campaigns ADD COLUMN purged_at TEXT",
        "ALTER TABLE cohorts ADD COLUMN purged_at TEXT",
    ),
    # 10: approval by a second person: who prepared the campaign, by name (staff may share one Windows
    # account, and created_by is the account)
    ("ALTER TABLE campaigns ADD COLUMN prepared_by TEXT",),
]

LATEST_VERSION = len(MIGRATIONS)
