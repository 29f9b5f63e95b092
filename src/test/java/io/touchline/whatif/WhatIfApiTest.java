package io.touchline.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * The what-if API: who may use it, what it refuses (naming the field), and a run that copies the
 * live book, shows its progress, answers the weekly load per owner, emails per week and the
 * difference from today's model, and leaves the live journeys, outbox and clock as they were.
 */
class WhatIfApiTest extends ProcessTestBase {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void onlyCsOpsAndManagersAskWhatIf() {
        assertThat(post("priya", Map.of("weeks", 4)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(post("crm", Map.of("weeks", 4)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("priya", "/api/whatif/book").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("sam", "/api/whatif/00000000").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.postForEntity("/api/whatif", Map.of("weeks", 4), JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(get("morgan", "/api/whatif/no-such-run").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void badRequestsNameTheField() {
        assertProblem(post("ops", Map.of()), "weeks", "between 1 and 52");
        assertProblem(post("ops", Map.of("weeks", 0)), "weeks", "between 1 and 52");
        assertProblem(post("ops", Map.of("weeks", 53)), "weeks", "between 1 and 52");
        assertProblem(post("ops", Map.of("weeks", "soon")), "weeks", "wrong format");
        assertProblem(post("ops", Map.of("weeks", 8, "every", List.of("medium-touch check-ins fortnightly"))), "every[0]",
                "tier:cadence=period");
        assertProblem(post("ops", Map.of("weeks", 8, "every", List.of("gold:check-in=P14D"))), "every[0]", "not a tier");
        assertProblem(post("ops", Map.of("weeks", 8, "every", List.of("medium-touch:check-in=P0D"))), "every[0]",
                "positive ISO-8601 period");
        assertProblem(post("ops", Map.of("weeks", 8, "every", List.of("medium-touch:check-in=P14D", "medium-touch:qbr=P1M"))),
                "every[1]", "has no 'qbr' cadence; its cadences: check-in, business-review, value-summary");
        assertProblem(post("ops", Map.of("weeks", 8, "processes", List.of(Map.of("name", "journey-medium-touch.bpmn",
                "content", base64("<not-bpmn/>"))))), "processes[0]", "not a valid BPMN file");
        assertProblem(post("ops", Map.of("weeks", 8, "processes", List.of(Map.of("name", "../journey.bpmn",
                "content", base64("x"))))), "processes[0]", "plain file name");
        assertProblem(post("ops", Map.of("weeks", 8, "processes", List.of(Map.of("name", "a.bpmn", "content", "%%%")))),
                "processes[0].content", "Base64");

        var form = new LinkedMultiValueMap<String, Object>();
        form.add("weeks", "8");
        form.add("processes", new ByteArrayResource("not a decision table".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "tier-assignment.dmn";
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        assertProblem(rest.withBasicAuth("ops", "ops").postForEntity("/api/whatif", new HttpEntity<>(form, headers),
                JsonNode.class), "processes[0]", "not a valid DMN file");
    }

    @Test
    void aRunShowsProgressThenTheLoadAndTheDifference_andLeavesTheLiveAppAlone() throws Exception {
        List<String> pod = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = Journeys.newExternalId("WIAPI-MED");
            journeys.enrol(id, 50_000, false, false, daysFromNow(200), daysFromNow(-300), null, "pod-atlas");
            pod.add(id);
        }
        journeys.enrol(Journeys.newExternalId("WIAPI-HIGH"), 200_000, false, false, daysFromNow(120), daysFromNow(-245),
                "marco", null);
        journeys.executeDueJobs();

        JsonNode book = get("morgan", "/api/whatif/book").getBody();
        assertThat(StreamSupport.stream(book.path("accounts").spliterator(), false).map(a -> a.path("externalId").asText()))
                .containsAll(pod);
        JsonNode exported = StreamSupport.stream(book.path("accounts").spliterator(), false)
                .filter(a -> a.path("externalId").asText().equals(pod.get(0))).findFirst().orElseThrow();
        assertThat(exported.path("tier").asText()).isEqualTo("medium-touch");
        assertThat(exported.path("pod").asText()).isEqualTo("pod-atlas");
        assertThat(exported.path("contacts").get(0).path("email").asText()).endsWith("@customer.example");

        Map<String, Long> live = liveState();
        Instant clock = Journeys.now();

        ResponseEntity<JsonNode> started = post("ops", Map.of("weeks", 12, "every", List.of("medium-touch:check-in=P14D")));
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String id = started.getBody().path("id").asText();
        assertThat(started.getHeaders().getLocation()).hasToString("/api/whatif/" + id);
        assertThat(started.getBody().path("model").asText()).isEqualTo("medium-touch check-in every P14D");

        List<String> seen = new ArrayList<>();
        JsonNode run = started.getBody();
        long deadline = System.currentTimeMillis() + 180_000;
        while (!run.path("state").asText().matches("done|failed") && System.currentTimeMillis() < deadline) {
            Thread.sleep(25); // waiting for the what-if JVMs, not for a timer
            run = get("ops", "/api/whatif/" + id).getBody();
            seen.add(run.path("state").asText() + " " + run.path("progress").asText());
        }
        assertThat(run.path("error").asText(null)).isNull();
        assertThat(run.path("state").asText()).isEqualTo("done");
        assertThat(run.path("progress").asText()).isEqualTo("12/12 weeks");
        // whatever moment each poll caught: a state with its progress (ForecastMatchesRealityTest
        // checks that the replay reports every week)
        assertThat(seen).allMatch(s -> s.matches("(queued|running) \\d+/12 weeks|done 12/12 weeks"));

        JsonNode result = run.path("result");
        assertThat(result.path("accounts").asInt() + result.path("skipped").size()).as("the whole live book, copied")
                .isEqualTo(book.path("accounts").size());
        assertThat(result.path("calendar")).hasSize(12);
        assertThat(result.path("messages")).hasSize(12);
        int changedCheckIns = checkIns(result.path("loadPerKind"));
        int baselineCheckIns = checkIns(result.path("baselineLoadPerKind"));
        assertThat(changedCheckIns).as("the pod's check-ins every 2 weeks instead of monthly").isGreaterThan(baselineCheckIns);
        assertThat(baselineCheckIns).isPositive();
        assertThat(result.path("loadPerOwner")).anySatisfy(w -> {
            assertThat(w.path("owner").asText()).isEqualTo("pod-atlas");
            assertThat(w.path("touches").asInt()).isGreaterThan(w.path("baselineTouches").asInt());
            assertThat(w.path("hours").asDouble()).isGreaterThan(w.path("baselineHours").asDouble());
        });
        assertThat(result.path("loadPerOwner")).anySatisfy(w -> assertThat(w.path("owner").asText()).isEqualTo("marco"));
        assertThat(result.path("difference").path("touches").asInt()).as("the whole book's touches, changed minus today's")
                .isEqualTo(total(result.path("loadPerKind")) - total(result.path("baselineLoadPerKind"))).isPositive();
        assertThat(result.path("difference").path("emails").asInt()).as("the check-in emails alternate with the calls")
                .isPositive();

        assertThat(liveState()).as("the live journeys, tasks, outbox and book").isEqualTo(live);
        assertThat(Journeys.now()).as("the live engine's clock").isEqualTo(clock);
        assertThat(ClockUtil.getCurrentTime().toInstant()).isEqualTo(clock);
    }

    private static int checkIns(JsonNode load) {
        return StreamSupport.stream(load.spliterator(), false)
                .filter(l -> l.path("owner").asText().equals("pod-atlas") && l.path("kind").asText().equals("check-in-call"))
                .mapToInt(l -> l.path("touches").asInt()).sum();
    }

    private static int total(JsonNode load) {
        return StreamSupport.stream(load.spliterator(), false).mapToInt(l -> l.path("touches").asInt()).sum();
    }

    private Map<String, Long> liveState() {
        return Map.of("process instances", runtime.createProcessInstanceQuery().count(),
                "jobs", engine.getManagementService().createJobQuery().count(),
                "tasks", tasks.createTaskQuery().count(),
                "outbox", count("outbox_message"), "in-app", count("in_app_message"),
                "accounts", count("account"), "touchpoints", count("touchpoint"));
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    private ResponseEntity<JsonNode> post(String user, Map<String, ?> body) {
        return rest.withBasicAuth(user, user).postForEntity("/api/whatif", body, JsonNode.class);
    }

    private ResponseEntity<JsonNode> get(String user, String path) {
        return rest.withBasicAuth(user, user).getForEntity(path, JsonNode.class);
    }

    private static void assertProblem(ResponseEntity<JsonNode> response, String field, String message) {
        assertThat(response.getStatusCode()).as(response.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().path("errors")).anySatisfy(e -> {
            assertThat(e.path("field").asText()).isEqualTo(field);
            assertThat(e.path("message").asText()).contains(message);
        });
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
