package io.touchline.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.account.AccountChange;
import io.touchline.account.AccountService;
import io.touchline.journey.Cadences;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * CS Ops run "Tier 2 check-ins: monthly vs every 2 weeks" on a medium-touch book: the accounts split by the
 * experiment and their own ids, each with a line on its timeline; the every-2-weeks accounts get their check-ins
 * twice as often; no verdict before the declared sample, then the variant held more often wins; promoting it puts
 * every medium-touch account on it. A tier change keeps an account's variant.
 */
class ExperimentTest extends ProcessTestBase {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Cadences cadences;
    @Autowired
    AccountService accounts;
    @Autowired
    HistoryService history;
    @Autowired
    Experiments experiments;

    @AfterEach
    void endExperiments() {
        jdbc.update("update experiment set state = 'ended' where state <> 'ended'"); // the other tests run the diagrams
    }

    private Map<String, Object> declaration(String cadence, String every, double baseline, double expected) {
        Map<String, Object> d = new HashMap<>();
        d.put("name", "Tier 2 check-ins: monthly vs every 2 weeks");
        d.put("tier", "medium-touch");
        d.put("cadence", cadence);
        d.put("variants", List.of(Map.of("name", "monthly", "every", "P1M"), Map.of("name", "every-2-weeks", "every", every)));
        d.put("touch", "check-in-call");
        d.put("baselineRate", baseline);
        d.put("expectedRate", expected);
        return d;
    }

    private long loopTouches(String account) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(account).processDefinitionKey("journey-medium-touch").unfinished().singleResult().getId())
                .activityId("Task_MonthlyCheckInCall").count()
                + history.createHistoricActivityInstanceQuery().processInstanceId(history.createHistoricProcessInstanceQuery()
                        .processInstanceBusinessKey(account).processDefinitionKey("journey-medium-touch").unfinished().singleResult().getId())
                        .activityId("Send_CheckInEmail").count();
    }

    @Test
    void aCadenceExperimentSplitsTheTierChangesItsRhythmAndDeclaresAWinnerOnlyOnItsSample() {
        // a day no other test reaches: the calls counted after the accounts joined are this test's alone
        org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(java.time.Instant.parse("2032-03-01T10:00:00Z")));
        List<String> book = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = Journeys.newExternalId("EXP");
            journeys.enrol(id, 30_000, false, false, Journeys.today().plusDays(300 + i), Journeys.today().minusDays(200), null,
                    "pod-atlas");
            book.add(id);
        }
        String highTouch = Journeys.newExternalId("EXP-HIGH");
        journeys.enrol(highTouch, 150_000, false, false, Journeys.today().plusDays(300), Journeys.today().minusDays(200), "dana",
                null);

        ResponseEntity<String> byCsm = rest.withBasicAuth("priya", "priya").postForEntity("/api/experiments",
                new HttpEntity<>(declaration("check-in", "P14D", 0.2, 0.8)), String.class);
        assertThat(byCsm.getStatusCode()).as("a CSM does not run experiments").isEqualTo(HttpStatus.FORBIDDEN);
        Map<String, Object> bad = declaration("weekly-fun", "every other week", 1.2, 0.8);
        ResponseEntity<JsonNode> refused = rest.withBasicAuth("ops", "ops").postForEntity("/api/experiments", new HttpEntity<>(bad),
                JsonNode.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().toString()).contains("cadence", "the medium-touch journey loops on check-in",
                "variants[1].every", "a period such as P1M or P14D, not 'every other week'", "baselineRate");
        assertThat(jdbc.queryForObject("select count(*) from experiment where state = 'running'", Long.class)).isZero();

        ResponseEntity<JsonNode> started = rest.withBasicAuth("ops", "ops").postForEntity("/api/experiments",
                new HttpEntity<>(declaration("check-in", "P14D", 0.2, 0.8)), JsonNode.class);
        assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.CREATED);
        JsonNode experiment = started.getBody().path("experiment");
        long id = experiment.path("id").asLong();
        String key = experiment.path("key").asText();
        int sample = experiment.path("samplePerVariant").asInt();
        assertThat(sample).isEqualTo(Statistics.sampleSize(0.2, 0.8, 1)).isLessThan(20);
        assertThat(rest.withBasicAuth("ops", "ops").postForEntity("/api/experiments",
                new HttpEntity<>(declaration("check-in", "P7D", 0.2, 0.8)), String.class).getStatusCode())
                .as("one experiment per loop").isEqualTo(HttpStatus.CONFLICT);

        // the split: from the experiment and the account alone, on the timeline, the tier's accounts only
        List<Experiment.Variant> variants = List.of(new Experiment.Variant("monthly", "P1M", 1),
                new Experiment.Variant("every-2-weeks", "P14D", 1));
        Map<String, String> variantOf = new HashMap<>();
        for (String account : book) {
            String variant = Experiment.variantOf(key, account, variants, 0);
            variantOf.put(account, variant);
            assertThat(jdbc.queryForObject("""
                    select t.title from touchpoint t join account a on a.id = t.account_id
                    where a.external_id = ? and t.kind = 'experiment'""", String.class, account))
                    .isEqualTo("Joined the experiment 'Tier 2 check-ins: monthly vs every 2 weeks' as '" + variant + "'");
            assertThat(cadences.every(account, "check-in", "P1M")).isEqualTo(variant.equals("monthly") ? "P1M" : "P14D");
        }
        assertThat(variantOf.values()).contains("monthly", "every-2-weeks");
        assertThat(jdbc.queryForObject("""
                select count(*) from touchpoint t join account a on a.id = t.account_id
                where a.external_id = ? and t.kind = 'experiment'""", Long.class, highTouch)).isZero();

        // a declaration cut short (a crash before an account's part was written): the catch-up round joins it
        String cutShort = book.get(5);
        jdbc.update("delete from experiment_assignment where account_id = (select id from account where external_id = ?)", cutShort);
        jdbc.update("delete from touchpoint where kind = 'experiment' and account_id = (select id from account where external_id = ?)",
                cutShort);
        journeys.advance(Duration.ofMinutes(2)); // the round leaves accounts enrolling this very minute to their enrolment
        experiments.catchUp();
        assertThat(jdbc.queryForList("""
                select x.variant from experiment_assignment x join account a on a.id = x.account_id
                where a.external_id = ? and x.experiment_id = ?""", String.class, cutShort, id))
                .containsExactly(Experiment.variantOf(key, cutShort, variants, 0));
        assertThat(jdbc.queryForObject("""
                select count(*) from touchpoint t join account a on a.id = t.account_id
                where a.external_id = ? and t.kind = 'experiment'""", Long.class, cutShort)).isOne();

        // an account enrolled while the experiment runs joins it, with its line
        String newcomer = Journeys.newExternalId("EXP-NEW");
        journeys.enrol(newcomer, 30_000, false, false, Journeys.today().plusDays(300), Journeys.today().minusDays(200), null,
                "pod-atlas");
        String newcomerVariant = Experiment.variantOf(key, newcomer, variants, 0);
        assertThat(jdbc.queryForObject("""
                select t.title from touchpoint t join account a on a.id = t.account_id
                where a.external_id = ? and t.kind = 'experiment'""", String.class, newcomer))
                .endsWith("as '" + newcomerVariant + "'");
        assertThat(cadences.every(newcomer, "check-in", "P1M")).isEqualTo(newcomerVariant.equals("monthly") ? "P1M" : "P14D");

        // a tier change and back: the same variant, joined once
        String mover = book.get(0);
        accounts.change(mover, new AccountChange(BigDecimal.valueOf(150_000), null, null, "dana", null), Journeys.CRM);
        accounts.change(mover, new AccountChange(BigDecimal.valueOf(30_000), null, null, null, "pod-atlas"), Journeys.CRM);
        assertThat(jdbc.queryForList("""
                select x.variant from experiment_assignment x join account a on a.id = x.account_id
                where a.external_id = ? and x.experiment_id = ?""", String.class, mover, id)).containsExactly(variantOf.get(mover));

        // 10 weeks of the book: calls held by the every-2-weeks accounts, missed by the monthly ones
        for (int day = 0; day < 70; day++) {
            if (day == 7) {
                JsonNode early = rest.withBasicAuth("ops", "ops").getForObject("/api/experiments/" + id, JsonNode.class);
                assertThat(early.path("verdict").path("decided").asBoolean()).isFalse();
                assertThat(early.path("verdict").path("words").asText()).matches("no winner yet: \\d+ of " + sample
                        + " accounts per variant");
            }
            journeys.advance(Duration.ofDays(1));
            for (String account : book) {
                for (Task task : journeys.openTasksOfAccount(account)) {
                    if (task.getTaskDefinitionKey().equals("Task_MonthlyCheckInCall") && variantOf.get(account).equals("monthly")) {
                        journeys.complete(task, "priya", Map.of("outcome", "no-show", "channel", "video-call",
                                "notes", "Did not join", "healthAssessment", "green"));
                    } else {
                        journeys.completeAsHeld(task, "priya");
                    }
                }
            }
        }
        List<String> stayed = book.subList(1, book.size()); // the mover's journey started again on its way back
        double monthly = stayed.stream().filter(a -> variantOf.get(a).equals("monthly")).mapToLong(this::loopTouches).average()
                .orElseThrow();
        double biweekly = stayed.stream().filter(a -> variantOf.get(a).equals("every-2-weeks")).mapToLong(this::loopTouches)
                .average().orElseThrow();
        assertThat(biweekly).as("check-ins every 2 weeks against monthly (%.1f)", monthly).isGreaterThan(monthly + 1);

        JsonNode results = rest.withBasicAuth("priya", "priya").getForObject("/api/experiments/" + id, JsonNode.class);
        JsonNode control = results.path("variants").get(0);
        JsonNode treated = results.path("variants").get(1);
        assertThat(control.path("variant").asText()).isEqualTo("monthly");
        assertThat(control.path("successes").asInt()).as("the monthly accounts missed their calls").isZero();
        assertThat(treated.path("rate").asDouble()).isEqualTo(1.0);
        assertThat(control.path("accounts").asLong() + treated.path("accounts").asLong()).isGreaterThanOrEqualTo(40);
        assertThat(Math.min(control.path("withOutcome").asInt(), treated.path("withOutcome").asInt()))
                .as("each variant has its sample").isGreaterThanOrEqualTo(sample);
        assertThat(results.path("verdict").path("winner").asText()).isEqualTo("every-2-weeks");
        assertThat(results.path("verdict").path("words").asText()).startsWith("'every-2-weeks' wins on " + sample
                + " accounts per variant (p = ");
        String page = rest.withBasicAuth("priya", "priya").getForObject("/experiments", String.class);
        assertThat(page).contains("Tier 2 check-ins: monthly vs every 2 weeks", "every-2-weeks", "(control)")
                .doesNotContain("Declare an experiment", "Promote &#39;");
        String accountsPage = rest.withBasicAuth("ops", "ops").getForObject("/experiments/" + id + "/accounts?variant=monthly",
                String.class);
        assertThat(accountsPage).contains(book.stream().filter(a -> variantOf.get(a).equals("monthly")).findFirst().orElseThrow(),
                "no-show");

        // promoted: every medium-touch account follows it, the monthly ones too
        ResponseEntity<String> promoteByCsm = rest.withBasicAuth("priya", "priya").postForEntity("/api/experiments/" + id
                + "/promote", new HttpEntity<>(Map.of("variant", "every-2-weeks")), String.class);
        assertThat(promoteByCsm.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        JsonNode promoted = rest.withBasicAuth("ops", "ops").postForEntity("/api/experiments/" + id + "/promote",
                new HttpEntity<>(Map.of("variant", "every-2-weeks")), JsonNode.class).getBody();
        assertThat(promoted.path("following").asText()).isEqualTo("every medium-touch account follows 'every-2-weeks'");
        for (String account : book) {
            assertThat(cadences.every(account, "check-in", "P1M")).isEqualTo("P14D");
        }
        assertThat(cadences.every(highTouch, "check-in", "P1M")).as("another tier keeps its diagram's").isEqualTo("P1M");
        rest.withBasicAuth("ops", "ops").postForEntity("/api/experiments/" + id + "/end", new HttpEntity<>(Map.of()), JsonNode.class);
        assertThat(cadences.every(book.get(1), "check-in", "P1M")).as("ended: the diagram's again").isEqualTo("P1M");
    }
}
