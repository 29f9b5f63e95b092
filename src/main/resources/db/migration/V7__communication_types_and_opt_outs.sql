-- Each automated email has a communication type (communication-type.dmn); a contact may opt out of
-- a type by one click (List-Unsubscribe). Account and renewal messages ("account") are always sent.
alter table outbox_message add column communication_type varchar(30) default 'account' not null;
alter table outbox_message add column unsubscribe_url varchar(1000);

create table contact_opt_out (
    email          varchar(254) not null,
    type           varchar(30)  not null,
    opted_out_at   timestamp    not null,
    primary key (email, type)
);
