-- 0032: the sending task's throttle counts a campaign's messages queued in
-- the last minute; by campaign and time that is a short index range, not a
-- walk over every message the campaign has queued so far.
CREATE INDEX notify_outbox_campaign_time ON notify_outbox(campaign_id, created_at)
    WHERE campaign_id IS NOT NULL;
