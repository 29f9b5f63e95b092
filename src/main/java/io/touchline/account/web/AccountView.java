package io.touchline.account.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.touchline.account.AccountService.EnrolledAccount;
import io.touchline.account.Contact;

/** An account as the API answers it, with its tier and running journey. */
record AccountView(String externalId, String name, BigDecimal arr, boolean strategic, boolean trial,
        LocalDate renewalDate, LocalDate customerSince, String timeZone, String industry, String csm, String pod, String tier,
        String status, Integer healthScore, boolean atRisk, Instant createdAt, List<Contact> contacts, JourneyView journey) {

    record JourneyView(String processDefinitionKey, String processInstanceId, String businessKey) {
    }

    static AccountView of(EnrolledAccount enrolled) {
        var a = enrolled.account();
        return new AccountView(a.externalId(), a.name(), a.arr(), a.strategic(), a.trial(), a.renewalDate(),
                a.customerSince(), a.timeZone().getId(), a.industry(), a.csm(), a.pod(), a.tier().code(), a.status().code(),
                a.healthScore(), a.atRisk(), a.createdAt(), a.contacts(),
                enrolled.journey().map(j -> new JourneyView(j.processDefinitionKey(), j.processInstanceId(),
                        j.businessKey())).orElse(null));
    }
}
