-- What-ifs, kept in the database so that any node answers for any run (a what-if started through
-- one node and polled through another). A node that runs replays claims a queued run (claimed_by /
-- claimed_until, renewed while the replay goes on) and writes its progress and its result here; a
-- run whose node died is queued again when its claim runs out, up to three attempts.
create table what_if_run (
    id             varchar(36)  primary key,
    state          varchar(20)  not null,
    weeks          integer      not null,
    cadence_change text         not null, -- the cadence changes asked for, one per line
    model          text         not null, -- what the what-if changes, in words
    start_at       timestamp    not null, -- the (engine) time the replay starts from
    weeks_done     integer      not null,
    touches        bigint       not null,
    error          varchar(2000),
    outcome        text,                  -- the forecasts (JSON) of a done run
    attempts       integer      not null,
    created_at     timestamp    not null,
    updated_at     timestamp    not null,
    claimed_by     varchar(64),
    claimed_until  timestamp,
    constraint ck_what_if_run_state check (state in ('QUEUED', 'RUNNING', 'DONE', 'FAILED'))
);
create index ix_what_if_run_state on what_if_run (state, created_at);

-- The changed .bpmn / .dmn / .form files of a run, as sent (base64).
create table what_if_file (
    run_id   varchar(36)  not null references what_if_run (id) on delete cascade,
    seq      integer      not null,
    name     varchar(255) not null,
    content  text         not null,
    primary key (run_id, seq)
);
