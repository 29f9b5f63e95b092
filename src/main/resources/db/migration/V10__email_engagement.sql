-- Opens (tracking pixel) and clicks (signed redirect links) of automated emails: one row per
-- message and kind (open, click), and for clicks per link. The first of each goes on the
-- account's timeline; repeats only raise the count. Opens have no link: url is the empty string,
-- so the primary key holds for them too. Tracked links are ASCII and at most 2000 characters.
create table email_engagement (
    message_id  varchar(200)  not null references outbox_message (id) on delete cascade,
    kind        varchar(10)   not null,
    url         varchar(2000) not null,
    first_at    timestamp     not null,
    last_at     timestamp     not null,
    count       integer       not null,
    primary key (message_id, kind, url),
    constraint ck_email_engagement_kind check (kind in ('open', 'click'))
);
