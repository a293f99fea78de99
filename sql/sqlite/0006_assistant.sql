-- 0006: the virtual assistant (trợ lý ảo): FAQ knowledge curated by
-- admins, their synonym rules, the conversation log without personal data,
-- hand-offs to a person and the knowledge version counter.
-- See docs/internals/assistant.md.  Times are Unix seconds (UTC).

-- One FAQ entry: an answer (may be empty: the entry then only links
-- questions to procedures) and where it came from.
CREATE TABLE assistant_faq (
    id          INTEGER PRIMARY KEY,
    answer      TEXT NOT NULL DEFAULT '',
    topic       TEXT NOT NULL DEFAULT '',          -- main_topic of an import, or ''
    source      TEXT NOT NULL,                     -- 'import', 'admin', 'demo'
    key         TEXT NOT NULL UNIQUE,              -- folded first question: re-imports merge
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- The ways people ask the same question (at least one per entry).
CREATE TABLE assistant_faq_questions (
    faq_id    INTEGER NOT NULL REFERENCES assistant_faq(id) ON DELETE CASCADE,
    question  TEXT NOT NULL,
    PRIMARY KEY (faq_id, question)
);

-- Procedures an entry is about (codes of procedures.code, not enforced:
-- the catalogue may not hold them yet).
CREATE TABLE assistant_faq_links (
    faq_id  INTEGER NOT NULL REFERENCES assistant_faq(id) ON DELETE CASCADE,
    code    TEXT NOT NULL,
    PRIMARY KEY (faq_id, code)
);

-- Synonyms and abbreviations added by admins, merged with data/assistant.
CREATE TABLE assistant_rules (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('synonym', 'abbreviation')),
    phrase      TEXT NOT NULL,
    target      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (kind, phrase)
);

-- Every question asked, masked (numbers, e-mail addresses and codes
-- replaced by ***), with what the assistant did.  session is a hash of
-- the client's session string, never the string itself.
CREATE TABLE assistant_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    session     TEXT NOT NULL DEFAULT '',
    channel     TEXT NOT NULL DEFAULT 'web',       -- 'web', 'api'
    message     TEXT NOT NULL,                     -- masked
    folded      TEXT NOT NULL,                     -- normalised, for grouping
    intent      TEXT NOT NULL,
    outcome     TEXT NOT NULL,                     -- 'answer', 'choices', 'faq', 'handoff', 'info'
    top_code    TEXT,
    confidence  REAL NOT NULL DEFAULT 0,           -- 0..1
    helpful     INTEGER,                           -- NULL unrated, 1 yes, 0 no
    resolved    INTEGER NOT NULL DEFAULT 0         -- an admin turned it into knowledge
);
CREATE INDEX assistant_log_review ON assistant_log(resolved, confidence);
CREATE INDEX assistant_log_session ON assistant_log(session, id);

-- Questions handed to a person (until the feedback module takes them):
-- the masked conversation, and how to reach the citizen only if given.
CREATE TABLE assistant_handoffs (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    session     TEXT NOT NULL DEFAULT '',
    question    TEXT NOT NULL,                     -- masked
    transcript  TEXT NOT NULL,                     -- masked JSON array of turns
    status      TEXT NOT NULL DEFAULT 'new'        -- 'new', 'answered'
);

-- Bumped by every change to FAQ entries and rules, so servers know when
-- to rebuild their in-memory knowledge base.
CREATE TABLE assistant_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    n   INTEGER NOT NULL
);
INSERT INTO assistant_version (id, n) VALUES (1, 0);
