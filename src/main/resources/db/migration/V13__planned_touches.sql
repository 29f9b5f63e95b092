-- The planned-touches read model behind the calendar and capacity. account_plan: whether an
-- account's plan is up to date (stale: its journeys moved since, or something its timers read
-- changed; changes counts the marks so a planner knows whether the plan it made is still current).
-- planned_touch: each touch of the account's plan (open tasks, waiting timers and what the diagrams
-- lead to) for the coming weeks. planned_load: the same touches counted per week, owner, kind and
-- the account's tier and owners (what pages aggregate), kept in step with planned_touch.
create table account_plan (
    external_id      varchar(64)  primary key,
    account_id       bigint       not null references account (id) on delete cascade,
    stale            boolean      not null,
    changes          bigint       not null,
    planned_changes  bigint       not null,
    changed_at       timestamp,
    planned_at       timestamp,
    planned_until    timestamp,
    claimed_by       varchar(64),
    claimed_until    timestamp
);
create index ix_account_plan_stale on account_plan (stale, changed_at);
create index ix_account_plan_planned on account_plan (planned_until);

create table planned_touch (
    account_id   bigint        not null references account (id) on delete cascade,
    seq          integer       not null,
    touch_day    date          not null,
    touch_week   date          not null,
    due_at       timestamp     not null,
    step         varchar(200)  not null,
    touch        varchar(400)  not null,
    kind         varchar(60)   not null,
    human        boolean       not null,
    owner        varchar(64)   not null,
    source       varchar(20)   not null,
    tier         varchar(20)   not null,
    account_csm  varchar(64)   not null,
    account_pod  varchar(64)   not null,
    primary key (account_id, seq)
);
create index ix_planned_touch_week on planned_touch (touch_week, touch_day, due_at, account_id, seq);

create table planned_load (
    touch_week   date         not null,
    owner        varchar(64)  not null,
    kind         varchar(60)  not null,
    human        boolean      not null,
    tier         varchar(20)  not null,
    account_csm  varchar(64)  not null,
    account_pod  varchar(64)  not null,
    touches      integer      not null,
    primary key (touch_week, owner, kind, human, tier, account_csm, account_pod)
);

insert into account_plan (external_id, account_id, stale, changes, planned_changes)
select external_id, id, true, 1, 0 from account;
