-- Whether the account is at risk now (health-status.dmn, with hysteresis): the journeys pause their
-- cadence while it is, and an escalation starts when it becomes so.
alter table account add column at_risk boolean default false not null;
