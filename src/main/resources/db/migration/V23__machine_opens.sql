-- Opens that mail privacy proxies make (Apple Mail Privacy Protection and similar: fetched within
-- seconds of delivery, a proxy's bare user agent, a proxy's addresses) are kept apart as
-- 'machine-open' (open-classification.dmn decides), so the open rate counts people.
alter table email_engagement drop constraint ck_email_engagement_kind;
alter table email_engagement alter column kind set data type varchar(20);
alter table email_engagement add constraint ck_email_engagement_kind check (kind in ('open', 'click', 'machine-open'));
alter table email_engagement add column reason varchar(200);
