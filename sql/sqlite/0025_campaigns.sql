-- 0025: outreach campaigns (chiến dịch nhắn tin giới thiệu dịch vụ công
-- trực tuyến): an audience taken from platform data, one message per
-- campaign sent through the notify outbox after a leader's approval, a
-- held-back control group, signed short links that count unique clicks,
-- and conversion to online dossiers.  See docs/internals/campaign.md.

-- state: draft -> approved -> sending -> sent; cancelled from draft or
-- approved.  audience names the rule ('counter_online', 'drafts',
-- 'commune', 'age', 'business', 'list'); audience_arg its parameter
-- (commune code, "18-30").  control_pct of the audience is held back at
-- random; window_days is the conversion window after delivery.
CREATE TABLE campaigns (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    agency_code   TEXT NOT NULL,
    event         TEXT NOT NULL DEFAULT '',
    audience      TEXT NOT NULL CHECK (audience IN ('counter_online', 'drafts', 'commune',
                                                    'age', 'business', 'list')),
    audience_arg  TEXT NOT NULL DEFAULT '',
    channel       TEXT NOT NULL CHECK (channel IN ('sms', 'zalo', 'email')),
    subject       TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL,
    target_path   TEXT NOT NULL DEFAULT '/',
    control_pct   INTEGER NOT NULL DEFAULT 10 CHECK (control_pct BETWEEN 0 AND 50),
    window_days   INTEGER NOT NULL DEFAULT 30 CHECK (window_days BETWEEN 1 AND 180),
    throttle      INTEGER NOT NULL DEFAULT 0 CHECK (throttle >= 0),  -- per minute, 0 = none
    send_at       INTEGER NOT NULL DEFAULT 0,
    state         TEXT NOT NULL DEFAULT 'draft'
                  CHECK (state IN ('draft', 'approved', 'sending', 'sent', 'cancelled')),
    size          INTEGER NOT NULL DEFAULT 0,   -- recipients, control group included
    skipped       INTEGER NOT NULL DEFAULT 0,   -- left out: opted out, no contact, no consent
    created_by    INTEGER NOT NULL REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    approved_by   INTEGER REFERENCES users(id),
    approved_at   INTEGER,
    started_at    INTEGER,
    finished_at   INTEGER
);
CREATE INDEX campaigns_agency ON campaigns(agency_code, id);
CREATE INDEX campaigns_state ON campaigns(state, send_at);

-- The audience as it was built (seq 1..size within the campaign).
-- control = 1: held back, never sent to.  outbox_id is set in the same
-- transaction that queues the message, so a restart neither repeats nor
-- skips anyone.  clicked_at: the first click on the recipient's link.
CREATE TABLE campaign_recipients (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    seq         INTEGER NOT NULL,
    user_id     INTEGER,
    recipient   TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    unit_code   TEXT NOT NULL DEFAULT '',
    control     INTEGER NOT NULL DEFAULT 0 CHECK (control IN (0, 1)),
    outbox_id   INTEGER,
    clicked_at  INTEGER,
    clicks      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, seq)
);
CREATE INDEX campaign_recipients_user ON campaign_recipients(user_id);
-- The recipients still to queue, so each batch starts where the last ended.
CREATE INDEX campaign_recipients_todo ON campaign_recipients(campaign_id, seq)
    WHERE outbox_id IS NULL AND control = 0;

-- What one message costs per channel (đồng), for cost per message and per
-- conversion.
CREATE TABLE campaign_prices (
    channel    TEXT PRIMARY KEY CHECK (channel IN ('sms', 'zalo', 'email')),
    dong       INTEGER NOT NULL CHECK (dong >= 0),
    updated_at INTEGER NOT NULL
);

-- The campaign and the agency a message belongs to, so delivery counts per
-- campaign and per agency read the outbox.  One message per recipient of a
-- campaign: its idempotency key is derived from the campaign and the recipient.
ALTER TABLE notify_outbox ADD COLUMN campaign_id INTEGER;
ALTER TABLE notify_outbox ADD COLUMN agency_code TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX notify_outbox_campaign ON notify_outbox(campaign_id, idem_key)
    WHERE campaign_id IS NOT NULL;
-- The weekly cap counts a person's outreach messages by address or account:
-- with a campaign's million rows in the outbox that must not be a scan.
CREATE INDEX notify_outbox_recipient ON notify_outbox(recipient, sent_at);
CREATE INDEX notify_outbox_user ON notify_outbox(user_id, sent_at);
