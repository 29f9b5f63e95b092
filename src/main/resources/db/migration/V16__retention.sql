-- Retention (io.touchline.ops.Retention): how far the removal of old email bodies has got, so each
-- round looks only at the messages that aged since the last one.
create table retention_mark (
    name        varchar(60) primary key,
    done_until  timestamp   not null
);
-- opens and clicks are kept for a set time after the last one: found by that time
create index ix_email_engagement_last on email_engagement (last_at);
