-- 0008: surveys (khảo sát): questionnaires built by province or agency
-- admins, their questions and choices with simple skip logic, and the
-- responses.  Times are Unix seconds (UTC).  See docs/internals/survey.md.

-- One row per survey.  agency_code NULL = a province-wide survey (only
-- province admins manage it).  Answers are taken while status = 'open'
-- and opens_at <= now < closes_at.
CREATE TABLE surveys (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    intro          TEXT NOT NULL DEFAULT '',
    agency_code    TEXT REFERENCES agencies(code),
    status         TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    opens_at       INTEGER NOT NULL,
    closes_at      INTEGER NOT NULL,
    signed_in_only INTEGER NOT NULL DEFAULT 0,     -- 1: only signed-in people answer
    one_per_person INTEGER NOT NULL DEFAULT 1,     -- 1: one response per user / browser
    created_by     INTEGER REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    published_at   INTEGER,
    closed_at      INTEGER,
    CHECK (closes_at > opens_at)
);
CREATE INDEX surveys_agency ON surveys(agency_code, status);

-- Questions in order (position 1..n).  is_group marks a respondent-group
-- question ("nhóm người trả lời") whose options filter the results.
CREATE TABLE survey_questions (
    id        INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys(id),
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'scale', 'text')),
    text      TEXT NOT NULL,
    help      TEXT NOT NULL DEFAULT '',
    required  INTEGER NOT NULL DEFAULT 0,
    is_group  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX survey_questions_survey ON survey_questions(survey_id, position);

-- Choices of single and multiple choice questions.  skip_to (single
-- choice only): NULL = go on to the next question, -1 = go to the end,
-- N = go to question position N (> the question's own position).
CREATE TABLE survey_options (
    id          INTEGER PRIMARY KEY,
    question_id INTEGER NOT NULL REFERENCES survey_questions(id),
    position    INTEGER NOT NULL,
    label       TEXT NOT NULL,
    skip_to     INTEGER
);
CREATE INDEX survey_options_question ON survey_options(question_id, position);

-- One row per response.  user_id for signed-in people; respondent_key is
-- the SHA-256 of the browser's survey cookie (or an app's respondent_id);
-- address_key the SHA-256 of the client address (the per-address limit).
-- agency_code: the agency whose link or QR code was used (?co-quan=).
CREATE TABLE survey_responses (
    id             INTEGER PRIMARY KEY,
    survey_id      INTEGER NOT NULL REFERENCES surveys(id),
    user_id        INTEGER REFERENCES users(id),
    respondent_key TEXT,
    address_key    TEXT NOT NULL,
    agency_code    TEXT REFERENCES agencies(code),
    channel        TEXT NOT NULL CHECK (channel IN ('web', 'api')),
    submitted_at   INTEGER NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses(survey_id, agency_code);
CREATE INDEX survey_responses_user ON survey_responses(survey_id, user_id);
CREATE INDEX survey_responses_key ON survey_responses(survey_id, respondent_key);
CREATE INDEX survey_responses_addr ON survey_responses(survey_id, address_key, submitted_at);

-- Answers: one row per chosen option (single, multiple), one with value
-- 1..5 (scale) or text (free text).  Skipped questions have no rows.
CREATE TABLE survey_answers (
    id          INTEGER PRIMARY KEY,
    response_id INTEGER NOT NULL REFERENCES survey_responses(id),
    question_id INTEGER NOT NULL REFERENCES survey_questions(id),
    option_id   INTEGER REFERENCES survey_options(id),
    value       INTEGER CHECK (value BETWEEN 1 AND 5),
    text        TEXT
);
CREATE INDEX survey_answers_response ON survey_answers(response_id);
CREATE INDEX survey_answers_question ON survey_answers(question_id, option_id);
