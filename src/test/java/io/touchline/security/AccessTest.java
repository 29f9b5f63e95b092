package io.touchline.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.support.Journeys;
import io.touchline.support.TouchlineTest;

/**
 * Who may do and see what, over HTTP: logins on /api and /engine-rest, only CS Ops and connected
 * systems change the book, CSMs see their own accounts (dedicated, pod, pool), managers see all,
 * and in the engine a pod's tasks are visible to and workable by that pod only.
 */
@TouchlineTest
class AccessTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    Journeys journeys;
    @Autowired
    TaskService tasks;
    @Autowired
    HistoryService history;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void startClock() {
        journeys.startClock();
    }

    @AfterEach
    void cleanUp() {
        journeys.cleanUp();
    }

    // ---------------------------------------------------------------- authentication

    @Test
    void theApiNeedsALogin() {
        ResponseEntity<String> anonymous = rest.getForEntity("/api/accounts", String.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");

        ResponseEntity<String> wrongPassword = rest.withBasicAuth("lee", "not-the-password")
                .getForEntity("/api/accounts", String.class);
        assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        ResponseEntity<String> unknownUser = rest.withBasicAuth("mallory", "mallory")
                .getForEntity("/api/accounts", String.class);
        assertThat(unknownUser.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        assertThat(rest.withBasicAuth("crm", "crm").getForEntity("/api/accounts", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void anonymousWritesAreRejectedAndWriteNothing() {
        String id = Journeys.newExternalId("ACC-ANON");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> answer = rest.exchange("/api/accounts", HttpMethod.POST,
                new HttpEntity<>(toJson(account(id, 150_000, "dana", null)), headers), String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(get("crm", "/api/accounts/" + id).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theEngineRestApiNeedsALogin() {
        ResponseEntity<String> anonymous = rest.getForEntity("/engine-rest/task", String.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        ResponseEntity<String> wrongPassword = rest.withBasicAuth("sam", "wrong")
                .getForEntity("/engine-rest/task", String.class);
        assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        assertThat(rest.withBasicAuth("priya", "priya").getForEntity("/engine-rest/task", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    // ---------------------------------------------------------------- who changes the book

    @Test
    void aCsmCannotEnrolOrChangeAccounts() {
        String id = Journeys.newExternalId("ACC-CSM");
        ResponseEntity<JsonNode> enrol = postJson("priya", "/api/accounts", account(id, 30_000, null, "pod-atlas"));

        assertThat(enrol.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(enrol.getBody().path("errors").get(0).path("message").asText()).isNotBlank();
        assertThat(get("crm", "/api/accounts/" + id).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        String csv = "externalId,name,arr,renewalDate,timeZone,contactName,contactEmail\n"
                + id + ",Acme,12000," + Journeys.today().plusDays(300) + ",UTC,Jo Doe,jo@acme.example\n";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        ResponseEntity<JsonNode> imported = rest.withBasicAuth("priya", "priya").exchange("/api/accounts/import",
                HttpMethod.POST, new HttpEntity<>(csv, headers), JsonNode.class);
        assertThat(imported.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("crm", "/api/accounts/" + id).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        String atlas = Journeys.newExternalId("ACC-ATLAS");
        enrol(atlas, 30_000, null, "pod-atlas");
        assertThat(send("priya", HttpMethod.PATCH, "/api/accounts/" + atlas, Map.of("arr", 150_000)).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(send("priya", HttpMethod.PUT, "/api/accounts/" + atlas + "/health-score", Map.of("score", 10))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(send("priya", HttpMethod.POST, "/api/accounts/" + atlas + "/churn", Map.of()).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        JsonNode unchanged = get("crm", "/api/accounts/" + atlas).getBody();
        assertThat(unchanged.path("arr").decimalValue()).isEqualByComparingTo("30000");
        assertThat(unchanged.path("status").asText()).isEqualTo("active");
        assertThat(unchanged.has("healthScore")).isFalse();
    }

    @Test
    void aManagerMayLookButNotChange() {
        String id = Journeys.newExternalId("ACC-MGR");
        assertThat(postJson("morgan", "/api/accounts", account(id, 30_000, null, "pod-atlas")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(postJson("ops", "/api/accounts", account(id, 30_000, null, "pod-atlas")).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
    }

    // ---------------------------------------------------------------- who sees which account

    @Test
    void aPodMemberSeesTheAccountsOfTheirPodOnly() {
        String atlas = Journeys.newExternalId("ACC-ATLAS");
        String borealis = Journeys.newExternalId("ACC-BOREALIS");
        enrol(atlas, 30_000, null, "pod-atlas");
        enrol(borealis, 30_000, null, "pod-borealis");

        assertThat(get("priya", "/api/accounts/" + atlas).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("priya", "/api/accounts/" + atlas + "/timeline").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("priya", "/api/accounts/" + atlas + "/plan").getStatusCode()).isEqualTo(HttpStatus.OK);

        ResponseEntity<JsonNode> hidden = get("priya", "/api/accounts/" + borealis);
        assertThat(hidden.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("priya", "/api/accounts/" + borealis + "/timeline").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("priya", "/api/accounts/" + borealis + "/plan").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("omar", "/api/accounts/" + borealis).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("omar", "/api/accounts/" + atlas).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        assertThat(listedIds("priya")).contains(atlas).doesNotContain(borealis);
        assertThat(listedIds("omar")).contains(borealis).doesNotContain(atlas);
    }

    @Test
    void aDedicatedCsmSeesTheirOwnAccountsOnly() {
        String danas = Journeys.newExternalId("ACC-DANA");
        String marcos = Journeys.newExternalId("ACC-MARCO");
        enrol(danas, 150_000, "dana", null);
        enrol(marcos, 150_000, "marco", null);

        assertThat(get("dana", "/api/accounts/" + danas).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("dana", "/api/accounts/" + marcos).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("marco", "/api/accounts/" + marcos).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("marco", "/api/accounts/" + danas).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(listedIds("dana")).contains(danas).doesNotContain(marcos);
        // a pod member does not see high-touch accounts either
        assertThat(get("priya", "/api/accounts/" + danas).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theScalePoolSeesLowAndTechTouchAccounts() {
        String low = Journeys.newExternalId("ACC-LOW");
        String tech = Journeys.newExternalId("ACC-TECH");
        String medium = Journeys.newExternalId("ACC-MED");
        enrol(low, 12_000, null, null);
        enrol(tech, 2_000, null, null);
        enrol(medium, 30_000, null, "pod-atlas");

        assertThat(get("casey", "/api/accounts/" + low).getBody().path("tier").asText()).isEqualTo("low-touch");
        assertThat(get("casey", "/api/accounts/" + tech).getBody().path("tier").asText()).isEqualTo("tech-touch");
        assertThat(get("casey", "/api/accounts/" + medium).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("priya", "/api/accounts/" + low).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aManagerAndTheIntegrationSeeTheWholeBook() {
        List<String> ids = List.of(Journeys.newExternalId("ACC-ALL-HT"), Journeys.newExternalId("ACC-ALL-MT"),
                Journeys.newExternalId("ACC-ALL-MT2"), Journeys.newExternalId("ACC-ALL-LT"));
        enrol(ids.get(0), 150_000, "marco", null);
        enrol(ids.get(1), 30_000, null, "pod-atlas");
        enrol(ids.get(2), 30_000, null, "pod-borealis");
        enrol(ids.get(3), 12_000, null, null);

        for (String user : List.of("morgan", "crm", "ops")) {
            for (String id : ids) {
                assertThat(get(user, "/api/accounts/" + id).getStatusCode()).as("%s sees %s", user, id)
                        .isEqualTo(HttpStatus.OK);
            }
            assertThat(listedIds(user)).containsAll(ids);
        }
    }

    // ---------------------------------------------------------------- tasks through /engine-rest

    @Test
    void aPodsTasksAreVisibleToAndWorkableByThatPodOnly() {
        String id = Journeys.newExternalId("ACC-TASK");
        enrol(id, 30_000, null, "pod-atlas", Journeys.today().minusDays(120));
        journeys.advanceUntil("the monthly check-in call", () -> journeys.openTasksOfAccount(id).stream()
                .anyMatch(t -> "Task_MonthlyCheckInCall".equals(t.getTaskDefinitionKey())), 46);

        Task call = journeys.openTasksOfAccount(id).stream()
                .filter(t -> "Task_MonthlyCheckInCall".equals(t.getTaskDefinitionKey())).findFirst()
                .orElseThrow(() -> new AssertionError("no monthly check-in call for " + id));
        assertThat(call.getAssignee()).isNull();

        // priya (pod-atlas) sees the task in the engine's REST API
        ResponseEntity<JsonNode> priyas = get("priya", "/engine-rest/task?processInstanceBusinessKey=" + id);
        assertThat(priyas.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(idsOf(priyas.getBody())).contains(call.getId());
        assertThat(get("priya", "/engine-rest/task/" + call.getId()).getStatusCode()).isEqualTo(HttpStatus.OK);

        // omar (pod-borealis) sees none of the account's tasks and cannot claim one
        ResponseEntity<JsonNode> omars = get("omar", "/engine-rest/task?processInstanceBusinessKey=" + id);
        assertThat(omars.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(omars.getBody()).isEmpty();
        assertThat(get("omar", "/engine-rest/task/" + call.getId()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("omar", "/engine-rest/task/" + call.getId() + "/variables").getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<JsonNode> omarClaims = send("omar", HttpMethod.POST, "/engine-rest/task/" + call.getId() + "/claim",
                Map.of("userId", "omar"));
        assertThat(omarClaims.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(omarClaims.getBody().path("type").asText()).isEqualTo("AuthorizationException");
        assertThat(omarClaims.getBody().path("message").asText()).contains("omar").contains("TASK_WORK");
        assertThat(tasks.createTaskQuery().taskId(call.getId()).singleResult().getAssignee()).isNull();

        // priya claims and completes it through the form's fields
        ResponseEntity<JsonNode> claim = send("priya", HttpMethod.POST, "/engine-rest/task/" + call.getId() + "/claim",
                Map.of("userId", "priya"));
        assertThat(claim.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(tasks.createTaskQuery().taskId(call.getId()).singleResult().getAssignee()).isEqualTo("priya");

        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("outcome", Map.of("value", "held"));
        variables.put("channel", Map.of("value", "video-call"));
        variables.put("notes", Map.of("value", "Walked through the new reports"));
        variables.put("nextSteps", Map.of("value", "Send recap"));
        variables.put("healthAssessment", Map.of("value", "green"));
        ResponseEntity<JsonNode> complete = send("priya", HttpMethod.POST,
                "/engine-rest/task/" + call.getId() + "/complete", Map.of("variables", variables));
        assertThat(complete.getStatusCode()).isIn(HttpStatus.NO_CONTENT, HttpStatus.OK);

        assertThat(tasks.createTaskQuery().taskId(call.getId()).count()).isZero();
        assertThat(history.createHistoricTaskInstanceQuery().taskId(call.getId()).singleResult().getEndTime()).isNotNull();
        JsonNode timeline = get("priya", "/api/accounts/" + id + "/timeline").getBody();
        List<JsonNode> calls = new ArrayList<>();
        timeline.forEach(entry -> {
            if (entry.path("title").asText().startsWith("Monthly check-in call")) {
                calls.add(entry);
            }
        });
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).path("owner").asText()).isEqualTo("priya");
        assertThat(calls.get(0).path("outcome").asText()).isEqualTo("held");
        assertThat(calls.get(0).path("channel").asText()).isEqualTo("video-call");
    }

    @Test
    void aDedicatedCsmsTaskIsHiddenFromOtherCsms() {
        String id = Journeys.newExternalId("ACC-KICKOFF");
        enrol(id, 150_000, "dana", null, Journeys.today());
        journeys.advance(Duration.ofDays(4));

        List<Task> open = journeys.openTasksOfAccount(id);
        assertThat(open).isNotEmpty();
        Task task = open.get(0);
        assertThat(task.getAssignee()).isEqualTo("dana");

        assertThat(idsOf(get("dana", "/engine-rest/task?processInstanceBusinessKey=" + id).getBody()))
                .contains(task.getId());
        assertThat(get("marco", "/engine-rest/task?processInstanceBusinessKey=" + id).getBody()).isEmpty();
        assertThat(get("priya", "/engine-rest/task?processInstanceBusinessKey=" + id).getBody()).isEmpty();
        assertThat(idsOf(get("morgan", "/engine-rest/task?processInstanceBusinessKey=" + id).getBody()))
                .contains(task.getId());
    }

    // ---------------------------------------------------------------- helpers

    private void enrol(String id, long arr, String csm, String pod) {
        enrol(id, arr, csm, pod, Journeys.today().minusDays(10));
    }

    private void enrol(String id, long arr, String csm, String pod, java.time.LocalDate customerSince) {
        journeys.enrol(id, arr, false, false, Journeys.today().plusDays(365), customerSince, csm, pod);
    }

    private static Map<String, Object> account(String id, long arr, String csm, String pod) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("externalId", id);
        request.put("name", "Account " + id);
        request.put("arr", arr);
        request.put("renewalDate", Journeys.today().plusDays(300).toString());
        request.put("timeZone", "UTC");
        if (csm != null) {
            request.put("csm", csm);
        }
        if (pod != null) {
            request.put("pod", pod);
        }
        request.put("contacts", List.of(Map.of("name", "Jamie Customer", "email", id.toLowerCase() + "@customer.example")));
        return request;
    }

    private List<String> listedIds(String user) {
        ResponseEntity<JsonNode> list = get(user, "/api/accounts");
        assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> ids = new ArrayList<>();
        list.getBody().forEach(a -> ids.add(a.path("externalId").asText()));
        return ids;
    }

    private static List<String> idsOf(JsonNode tasks) {
        List<String> ids = new ArrayList<>();
        tasks.forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ResponseEntity<JsonNode> get(String user, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        return rest.withBasicAuth(user, user).exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    private ResponseEntity<JsonNode> postJson(String user, String path, Object body) {
        return send(user, HttpMethod.POST, path, body);
    }

    private ResponseEntity<JsonNode> send(String user, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        return rest.withBasicAuth(user, user).exchange(path, method, new HttpEntity<>(toJson(body), headers), JsonNode.class);
    }
}
