-- A rollout keeps the renamed elements it was given ("old = new" lines), so a re-run of its failed
-- journeys moves them with the same plan; retry_of names the rollout whose failures it re-runs.
alter table model_rollout add column mapping varchar(4000);
alter table model_rollout add column retry_of bigint;
