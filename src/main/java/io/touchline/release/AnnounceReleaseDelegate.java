package io.touchline.release;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.account.Contact;
import io.touchline.account.Tier;
import io.touchline.messaging.AutomatedEmail;

/**
 * "Email the next accounts" of product-release.bpmn: the next {@code batchSize} active accounts of
 * the release's tiers, by id, each contact through the same rules as every automated email (their
 * opt-out of product updates, the frequency they chose, the cap, their send window); the
 * announcement's counts and where it got to are its process variables, written in the same
 * transaction as the emails.
 */
@Component("announceRelease")
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class AnnounceReleaseDelegate implements JavaDelegate {

    private Expression template;
    private Expression batchSize;

    private final JdbcTemplate jdbc;
    private final AccountRepository accounts;
    private final AutomatedEmail email;

    AnnounceReleaseDelegate(JdbcTemplate jdbc, AccountRepository accounts, AutomatedEmail email) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.email = email;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String releaseId = execution.getProcessBusinessKey();
        List<Tier> tiers = ProductReleases.tiersOf((String) execution.getVariable(ProductReleases.VAR_TIERS));
        long after = ((Number) execution.getVariable(ProductReleases.VAR_AFTER)).longValue();
        int size = Integer.parseInt(String.valueOf(batchSize.getValue(execution)).trim());
        List<Object> args = new java.util.ArrayList<>(List.of(after));
        tiers.forEach(t -> args.add(t.name()));
        args.add(size);
        List<Long> ids = jdbc.queryForList("select id from account where status = 'ACTIVE' and id > ? and tier in ("
                + tiers.stream().map(t -> "?").collect(Collectors.joining(",")) + ") order by id fetch first ? rows only",
                Long.class, args.toArray());
        String title = "Product update: " + execution.getVariable(ProductReleases.VAR_TITLE);
        String name = String.valueOf(template.getValue(execution)).trim();
        Map<String, Object> values = Map.of(ProductReleases.VAR_TITLE, execution.getVariable(ProductReleases.VAR_TITLE),
                ProductReleases.VAR_SUMMARY, String.valueOf(execution.getVariable(ProductReleases.VAR_SUMMARY)),
                ProductReleases.VAR_URL, execution.getVariable(ProductReleases.VAR_URL) == null ? ""
                        : String.valueOf(execution.getVariable(ProductReleases.VAR_URL)));
        int emailed = 0;
        int notEmailed = 0;
        for (Account account : accounts.findAllById(ids)) {
            List<Contact> contacts = account.contacts();
            for (int i = 0; i < contacts.size(); i++) {
                String id = account.externalId() + "/Release_" + releaseId + "/" + (i + 1);
                if (email.written(id)) {
                    continue; // the batch runs again (restarted in Cockpit): this contact has theirs
                }
                AutomatedEmail.Result result = email.send(account, contacts.get(i), name, title, id, values, 1, null);
                if (result.outcome() == AutomatedEmail.Outcome.QUEUED || result.outcome() == AutomatedEmail.Outcome.HELD) {
                    emailed++;
                } else {
                    notEmailed++;
                }
            }
        }
        execution.setVariable(ProductReleases.VAR_AFTER, ids.isEmpty() ? after : ids.get(ids.size() - 1));
        execution.setVariable(ProductReleases.VAR_REACHED, number(execution, ProductReleases.VAR_REACHED) + ids.size());
        execution.setVariable(ProductReleases.VAR_EMAILED, number(execution, ProductReleases.VAR_EMAILED) + emailed);
        execution.setVariable(ProductReleases.VAR_NOT_EMAILED, number(execution, ProductReleases.VAR_NOT_EMAILED) + notEmailed);
        execution.setVariable(ProductReleases.VAR_ALL_REACHED, ids.size() < size);
    }

    private static int number(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        return value instanceof Number n ? n.intValue() : 0;
    }

    public void setTemplate(Expression template) {
        this.template = template;
    }

    public void setBatchSize(Expression batchSize) {
        this.batchSize = batchSize;
    }
}
