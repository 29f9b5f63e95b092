-- Who registered for and attended a webinar, as the webinar tool reports it (events API or its CSV),
-- one row per webinar and email address; account_id is the account whose contact has that address,
-- if any (so the Results page counts registrations and attendance per tier).
create table webinar_attendee (
    webinar_id     bigint        not null references webinar (id) on delete cascade,
    email          varchar(254)  not null,
    account_id     bigint        references account (id) on delete set null,
    registered     boolean       not null,
    attended       boolean       not null,
    reported_at    timestamp     not null,
    primary key (webinar_id, email)
);
