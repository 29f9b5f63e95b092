-- Several nodes share the outbox: a node claims a batch for a while before sending it, so each
-- message is delivered once in normal operation. A hard bounce (5xx) suppresses the address.
alter table outbox_message add column claimed_by varchar(64);
alter table outbox_message add column claimed_until timestamp;

create table email_suppression (
    address        varchar(254)  primary key,
    account_id     bigint        references account (id) on delete set null,
    reason         varchar(1000) not null,
    suppressed_at  timestamp     not null
);
