-- 0016: the programme of Decision 1588 (issue 14): organisations a plan
-- assigns work to, plans and their tasks, each organisation's progress,
-- report cycles with reminders, difficulties raised in reports and the
-- consolidated report's frozen revisions.  Dates are ISO 'YYYY-MM-DD'
-- text; times are Unix seconds (UTC).  See docs/internals/programme.md.

-- Kinds of organisation (sở, báo chí, MTTQ, UBND xã, ...).  ended_on: the
-- day the kind stopped existing (UBND huyện: 2025-07-01), or NULL.
CREATE TABLE org_types (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('trung_uong', 'tinh', 'huyen', 'xa', 'khac')),
    ended_on    TEXT,
    description TEXT NOT NULL DEFAULT ''
);

-- Everyone a plan assigns work to.  province_code is the GSO code of the
-- province the organisation belonged to (historical codes 34, 77 kept; not
-- a foreign key).  agency_code: the agency whose staff act for the
-- organisation (NULL when no staff sign in for it).  A group ("các sở,
-- ban, ngành") has is_group = 1, its listed members in org_group_members
-- and, in group_types, the types whose organisations of the same province
-- it also takes in.  valid_from inclusive, valid_to exclusive.
-- succession: how it ended ('sap_nhap' merged: successors take its open
-- tasks; 'giai_the' abolished: the reassignment tool moves them).
CREATE TABLE organisations (
    code               TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    short_name         TEXT NOT NULL DEFAULT '',
    type_code          TEXT NOT NULL REFERENCES org_types(code),
    province_code      TEXT,
    parent_code        TEXT REFERENCES organisations(code),
    agency_code        TEXT REFERENCES agencies(code),
    is_group           INTEGER NOT NULL DEFAULT 0,
    group_types        TEXT NOT NULL DEFAULT '',
    group_old_province TEXT,
    valid_from         TEXT,
    valid_to           TEXT,
    succession         TEXT CHECK (succession IN ('sap_nhap', 'giai_the')),
    note               TEXT NOT NULL DEFAULT '',
    source             TEXT NOT NULL DEFAULT '',
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX organisations_parent ON organisations(parent_code);
CREATE INDEX organisations_agency ON organisations(agency_code);
CREATE INDEX organisations_province ON organisations(province_code, type_code);

-- Successors of an organisation that ended, first (position 1) = default.
CREATE TABLE org_successors (
    code           TEXT NOT NULL REFERENCES organisations(code),
    successor_code TEXT NOT NULL REFERENCES organisations(code),
    position       INTEGER NOT NULL,
    PRIMARY KEY (code, successor_code)
);
CREATE INDEX org_successors_successor ON org_successors(successor_code);

-- Listed members of a group.
CREATE TABLE org_group_members (
    group_code  TEXT NOT NULL REFERENCES organisations(code),
    member_code TEXT NOT NULL REFERENCES organisations(code),
    PRIMARY KEY (group_code, member_code)
);
CREATE INDEX org_group_members_member ON org_group_members(member_code);

-- The read-only oversight role (giám sát, MTTQ: BR-VT plan §V.9.b):
-- these staff read every plan, task and report and change nothing.
CREATE TABLE programme_overseers (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id),
    org_code   TEXT REFERENCES organisations(code),
    granted_by INTEGER REFERENCES users(id),
    granted_at INTEGER NOT NULL
);

-- The plan register.  period / phases' frame are time frames in the
-- normalised form of data/programme/README.md; starts_on/ends_on are the
-- frame's first and last day.  basis, sections and report_calendar are
-- JSON arrays as the plan register files write them; replaces is JSON or
-- NULL.  file_sha256: the attached file in the file store, or NULL.
CREATE TABLE plans (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    number          TEXT,
    issued_on       TEXT,
    issuer_code     TEXT REFERENCES organisations(code),
    signer          TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL,
    basis           TEXT NOT NULL DEFAULT '[]',
    period_text     TEXT NOT NULL DEFAULT '',
    period          TEXT NOT NULL DEFAULT '',
    starts_on       TEXT,
    ends_on         TEXT,
    replaces        TEXT,
    focal_code      TEXT REFERENCES organisations(code),
    province_code   TEXT,
    sections        TEXT NOT NULL DEFAULT '[]',
    report_calendar TEXT NOT NULL DEFAULT '[]',
    file_sha256     TEXT,
    file_name       TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE plan_phases (
    plan_id    INTEGER NOT NULL REFERENCES plans(id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    frame_text TEXT NOT NULL DEFAULT '',
    frame      TEXT NOT NULL DEFAULT '',
    starts_on  TEXT,
    ends_on    TEXT,
    position   INTEGER NOT NULL,
    PRIMARY KEY (plan_id, code)
);

-- Tasks as the plan numbers them.  clauses and output_kinds are
-- ';'-separated lists (1588 clauses "IV.3.d"; output-types.csv keys).
-- frame_text is the plan's wording, frame the normalised form,
-- starts_on/ends_on its first and last day (NULL for recurring or open
-- frames).  budget_planned in đồng, NULL when the plan gives none.
CREATE TABLE plan_tasks (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans(id),
    number         TEXT NOT NULL,
    section        TEXT NOT NULL DEFAULT '',
    phase          TEXT NOT NULL DEFAULT '',
    content        TEXT NOT NULL,
    clauses        TEXT NOT NULL DEFAULT '',
    frame_text     TEXT NOT NULL DEFAULT '',
    frame          TEXT NOT NULL DEFAULT '',
    starts_on      TEXT,
    ends_on        TEXT,
    expected       TEXT NOT NULL DEFAULT '',
    output_kinds   TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    budget_planned INTEGER,
    position       INTEGER NOT NULL,
    UNIQUE (plan_id, number)
);

-- Who a task is given to: role 'lead' (chủ trì) or 'co' (phối hợp).
-- active = 0 once reassigned away (the row stays as history).
CREATE TABLE plan_task_orgs (
    task_id  INTEGER NOT NULL REFERENCES plan_tasks(id),
    org_code TEXT NOT NULL REFERENCES organisations(code),
    role     TEXT NOT NULL CHECK (role IN ('lead', 'co')),
    active   INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (task_id, org_code, role)
);
CREATE INDEX plan_task_orgs_org ON plan_task_orgs(org_code, active);

-- Every reassignment (the tool, or a merger): open task moved from one
-- organisation to another.
CREATE TABLE task_reassignments (
    id        INTEGER PRIMARY KEY,
    task_id   INTEGER NOT NULL REFERENCES plan_tasks(id),
    from_code TEXT NOT NULL REFERENCES organisations(code),
    to_code   TEXT NOT NULL REFERENCES organisations(code),
    role      TEXT NOT NULL,
    user_id   INTEGER REFERENCES users(id),
    at        INTEGER NOT NULL
);
CREATE INDEX task_reassignments_task ON task_reassignments(task_id);

-- One organisation's progress on one task (its workspace).  Money in đồng.
CREATE TABLE task_progress (
    task_id        INTEGER NOT NULL REFERENCES plan_tasks(id),
    org_code       TEXT NOT NULL REFERENCES organisations(code),
    status         TEXT NOT NULL CHECK (status IN ('chua_trien_khai', 'dang_thuc_hien',
                                                   'hoan_thanh', 'cham')),
    budget_planned INTEGER,
    budget_spent   INTEGER,
    updated_by     INTEGER REFERENCES users(id),
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (task_id, org_code)
);

-- Progress notes, newest last.
CREATE TABLE task_notes (
    id       INTEGER PRIMARY KEY,
    task_id  INTEGER NOT NULL REFERENCES plan_tasks(id),
    org_code TEXT NOT NULL REFERENCES organisations(code),
    body     TEXT NOT NULL,
    user_id  INTEGER REFERENCES users(id),
    at       INTEGER NOT NULL
);
CREATE INDEX task_notes_task ON task_notes(task_id, org_code, at);

-- Output counts per year and kind (output-types.csv).  source 'manual'
-- for a typed count, else the module the number came from.
CREATE TABLE task_outputs (
    task_id  INTEGER NOT NULL REFERENCES plan_tasks(id),
    org_code TEXT NOT NULL REFERENCES organisations(code),
    year     INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    count    INTEGER NOT NULL CHECK (count >= 0),
    source   TEXT NOT NULL DEFAULT 'manual',
    PRIMARY KEY (task_id, org_code, year, kind)
);

-- Evidence: a file in the file store (file_sha256) or a URL.
CREATE TABLE task_evidence (
    id           INTEGER PRIMARY KEY,
    task_id      INTEGER NOT NULL REFERENCES plan_tasks(id),
    org_code     TEXT NOT NULL REFERENCES organisations(code),
    title        TEXT NOT NULL,
    url          TEXT,
    file_sha256  TEXT,
    file_name    TEXT,
    content_type TEXT,
    user_id      INTEGER REFERENCES users(id),
    at           INTEGER NOT NULL,
    CHECK ((url IS NULL) <> (file_sha256 IS NULL))
);
CREATE INDEX task_evidence_task ON task_evidence(task_id, org_code);
CREATE INDEX task_evidence_file ON task_evidence(file_sha256);

-- Report cycles: yearly or ad hoc, due_on a day, recipient the focal
-- organisation that accepts the reports.
CREATE TABLE report_cycles (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans(id),
    kind           TEXT NOT NULL CHECK (kind IN ('hang_nam', 'dot_xuat')),
    year           INTEGER NOT NULL,
    title          TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    recipient_code TEXT NOT NULL REFERENCES organisations(code),
    created_by     INTEGER REFERENCES users(id),
    created_at     INTEGER NOT NULL
);
CREATE INDEX report_cycles_plan ON report_cycles(plan_id, year);

-- One organisation's report in a cycle.  state: 'draft' (not yet sent),
-- 'submitted', 'returned' (with return_comment), 'accepted' (locked).
CREATE TABLE programme_reports (
    id             INTEGER PRIMARY KEY,
    cycle_id       INTEGER NOT NULL REFERENCES report_cycles(id),
    org_code       TEXT NOT NULL REFERENCES organisations(code),
    state          TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned',
                                                  'accepted')),
    results        TEXT NOT NULL DEFAULT '',
    difficulties   TEXT NOT NULL DEFAULT '',
    proposals      TEXT NOT NULL DEFAULT '',
    budget         TEXT NOT NULL DEFAULT '',
    return_comment TEXT NOT NULL DEFAULT '',
    submitted_at   INTEGER,
    accepted_at    INTEGER,
    updated_by     INTEGER REFERENCES users(id),
    updated_at     INTEGER NOT NULL,
    UNIQUE (cycle_id, org_code)
);
CREATE INDEX programme_reports_org ON programme_reports(org_code, state);

-- What happened to a report (submit, return with comment, accept).
CREATE TABLE programme_report_events (
    id        INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES programme_reports(id),
    action    TEXT NOT NULL,
    comment   TEXT NOT NULL DEFAULT '',
    user_id   INTEGER REFERENCES users(id),
    at        INTEGER NOT NULL
);
CREATE INDEX programme_report_events_report ON programme_report_events(report_id, at);

-- Reminders sent: one per threshold ('t7', 't3', 't1', 'ngay', 'qua_han')
-- per organisation and cycle; 'ngay_lap_tuc' ("nhắc ngay") may repeat.
CREATE TABLE report_reminders (
    id        INTEGER PRIMARY KEY,
    cycle_id  INTEGER NOT NULL REFERENCES report_cycles(id),
    org_code  TEXT NOT NULL REFERENCES organisations(code),
    threshold TEXT NOT NULL,
    sent      INTEGER NOT NULL,
    user_id   INTEGER REFERENCES users(id),
    at        INTEGER NOT NULL
);
CREATE UNIQUE INDEX report_reminders_once ON report_reminders(cycle_id, org_code, threshold)
    WHERE threshold <> 'ngay_lap_tuc';

-- Difficulties raised in a report: items the focal agency answers by due_on.
CREATE TABLE programme_difficulties (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES programme_reports(id),
    org_code    TEXT NOT NULL REFERENCES organisations(code),
    body        TEXT NOT NULL,
    due_on      TEXT,
    answer      TEXT NOT NULL DEFAULT '',
    answered_by INTEGER REFERENCES users(id),
    answered_at INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX programme_difficulties_report ON programme_difficulties(report_id);

-- Frozen revisions of the consolidated report (numbered per cycle).
-- summary is the JSON the documents were written from.
CREATE TABLE programme_consolidations (
    id          INTEGER PRIMARY KEY,
    cycle_id    INTEGER NOT NULL REFERENCES report_cycles(id),
    revision    INTEGER NOT NULL,
    summary     TEXT NOT NULL,
    docx_sha256 TEXT,
    pdf_sha256  TEXT,
    xlsx_sha256 TEXT,
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    UNIQUE (cycle_id, revision)
);
