package io.touchline.journey;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.touchline.account.AccountService;

/** "Record renewal": the CSM confirmed a renewal; the account and the journey take the next renewal date. */
@Component("recordRenewal")
class RecordRenewalDelegate implements JavaDelegate {

    private final AccountService accounts;

    RecordRenewalDelegate(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object next = execution.getVariable(RenewalCountdownProcess.VAR_NEXT_RENEWAL_DATE);
        if (next == null) {
            throw new IllegalStateException("The renewal outcome form did not give a next renewal date");
        }
        var account = accounts.renewedInJourney(execution.getProcessBusinessKey(), next);
        execution.setVariable(RenewalCountdownProcess.VAR_RENEWAL_DATE,
                Schedule.atLocalMorning(account.renewalDate(), account.timeZone()));
        execution.removeVariable(RenewalCountdownProcess.VAR_NEXT_RENEWAL_DATE);
    }
}
