-- The preference page: per contact and communication type how often at most (opt-outs stay in
-- contact_opt_out), and the channel the contact prefers. A contact may live in another time zone
-- than the account: their send window follows their own zone when it is set.
alter table contact add column time_zone varchar(64);

create table contact_frequency (
    email       varchar(254) not null,
    type        varchar(30)  not null,
    frequency   varchar(20)  not null,
    updated_at  timestamp    not null,
    primary key (email, type)
);

create table contact_channel (
    email       varchar(254) primary key,
    channel     varchar(20)  not null,
    updated_at  timestamp    not null
);

create index ix_outbox_recipient on outbox_message (recipient, communication_type);
