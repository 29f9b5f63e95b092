-- Every event the CRM, billing, analytics or NPS tool pushed, applied or not: the event id makes a
-- repeat harmless, occurred_at keeps an old event from overwriting newer state, and events that no
-- journey could take (a closed account) stay on record.
create table account_event (
    event_id     varchar(120)  primary key,
    account_id   bigint        not null references account (id) on delete cascade,
    type         varchar(40)   not null,
    occurred_at  timestamp     not null,
    received_at  timestamp     not null,
    outcome      varchar(20)   not null,
    detail       varchar(1000),
    payload      varchar(8000) not null
);
create index ix_account_event_signal on account_event (account_id, type, outcome, occurred_at);
