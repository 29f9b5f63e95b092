package io.touchline.whatif.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/** The what-if page as CS Ops use it: pick a change, watch the progress, read the comparison. */
class WhatIfPageTest extends ProcessTestBase {

    @Autowired
    TestRestTemplate rest;

    private ResponseEntity<String> submit(String user, String weeks, String every) {
        return submit(user, weeks, every, Map.of());
    }

    private ResponseEntity<String> submit(String user, String weeks, String every, Map<String, String> periods) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("weeks", weeks);
        form.add("every", every);
        periods.forEach(form::add);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return rest.withBasicAuth(user, user).postForEntity("/whatif", new HttpEntity<>(form, headers), String.class);
    }

    @Test
    void csOpsRunAChangedCadenceAndSeeTodaysModelBesideIt() throws InterruptedException {
        journeys.enrol(Journeys.newExternalId("WIPAGE"), 50_000, false, false, daysFromNow(300), daysFromNow(-200),
                null, "pod-atlas");

        // the form offers each loop of the diagrams with its period; CS Ops pick another for one of them
        String form = rest.withBasicAuth("ops", "ops").getForObject("/whatif", String.class);
        assertThat(form).contains("Medium-touch", "check-in", "every month (P1M)", "name=\"period-medium-touch:check-in\"",
                "every 2 weeks");
        ResponseEntity<String> started = submit("ops", "6", "", Map.of("period-medium-touch:check-in", "P14D"));
        // the form redirects to the run's own page (followed here)
        String body = started.getBody();
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("<link rel=\"canonical\" href=\"/whatif/([0-9a-f-]+)\">").matcher(body);
        assertThat(id.find()).as(body).isTrue();
        String page = "/whatif/" + id.group(1);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (body.contains("http-equiv=\"refresh\"") && Instant.now().isBefore(deadline)) {
            assertThat(body).containsAnyOf("Replaying", "Waiting for the previous what-if");
            Thread.sleep(200); // waiting for the what-if's own JVM, not for a timer
            body = rest.withBasicAuth("ops", "ops").getForObject(page, String.class);
        }
        assertThat(body).contains("medium-touch check-in every P14D", "<span>Mon 4 Jan 2027</span>", "Changed model minus today's",
                "CSM hours per week", "Emails per week", "Atlas pod (medium-touch)", ">4 Jan<");
        assertThat(body).doesNotContain("The what-if failed", "2027-W01", ">pod-atlas<");
    }

    @Test
    void badInputStartsNothingAndSaysWhy_aCsmMayNotRunOne() {
        ResponseEntity<String> bad = submit("ops", "99", "");
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(bad.getBody()).contains("Not started", "weeks");
        assertThat(submit("ops", "4", "medium-touch:no-such-cadence=P14D").getBody()).contains("Not started", "every[0]");
        assertThat(rest.withBasicAuth("priya", "priya").getForEntity("/whatif", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }
}
