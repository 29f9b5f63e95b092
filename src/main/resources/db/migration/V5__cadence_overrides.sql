-- A customer's own rhythm for a cadence of its journey (within the tier's guidelines), or a step
-- down after repeated no-shows. The journeys' loop timers read it through the cadence bean.
create table cadence_override (
    account_id  bigint       not null references account (id) on delete cascade,
    cadence     varchar(40)  not null,
    period      varchar(20)  not null,
    reason      varchar(200) not null,
    set_at      timestamp    not null,
    primary key (account_id, cadence)
);
