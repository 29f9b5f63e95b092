-- The account's industry as the CRM names it ("Retail", "Financial services"): tier assignment,
-- blackout periods and task routing can read it (their "Industry" column). Empty when not known.
alter table account add column industry varchar(80);
