package io.touchline.journey;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.touchline.account.AccountService;

/** "Mark account churned": the renewal was lost; the account is closed. */
@Component("markChurned")
class MarkChurnedDelegate implements JavaDelegate {

    private final AccountService accounts;

    MarkChurnedDelegate(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public void execute(DelegateExecution execution) {
        accounts.churnedInJourney(execution.getProcessBusinessKey());
    }
}
