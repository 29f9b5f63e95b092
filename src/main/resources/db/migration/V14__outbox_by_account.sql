-- Every email step counts the account's earlier emails of the step and of the template (the
-- occurrence in the message id, series content): by account, not by a walk through the outbox.
create index ix_outbox_account on outbox_message (account_id, template);
