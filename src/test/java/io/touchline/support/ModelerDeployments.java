package io.touchline.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

import com.fasterxml.jackson.databind.JsonNode;

/** Deploys a changed diagram as Camunda Modeler does: the file alone, through /engine-rest, "deploy changed only". */
public final class ModelerDeployments {

    private ModelerDeployments() {
    }

    /**
     * The medium-touch journey as CS Ops change it in the issue that asked for rollouts: check-ins every 2 weeks
     * instead of monthly, the day-14 check-in moved to day 10, and a new onboarding email on day 45.
     */
    public static String changedMediumTouch() throws IOException {
        String xml = Files.readString(Path.of("processes/journey-medium-touch.bpmn"));
        return replace(replace(replace(replace(xml,
                "'check-in', 'P1M'", "'check-in', 'P14D'"),
                "id=\"Timer_Day14\" name=\"Day 14\"", "id=\"Timer_Day14\" name=\"Day 10\""),
                "${schedule.after(enrolledAt, 'P14D')}", "${schedule.after(enrolledAt, 'P10D')}"),
                "<bpmn:sequenceFlow id=\"Flow_MilestoneCheckIn_Day90\" sourceRef=\"Task_MilestoneCheckIn\" targetRef=\"Timer_Day90\" />",
                """
                <bpmn:sequenceFlow id="Flow_MilestoneCheckIn_Day90" sourceRef="Task_MilestoneCheckIn" targetRef="Timer_Day45" />
                <bpmn:intermediateCatchEvent id="Timer_Day45" name="Day 45">
                  <bpmn:timerEventDefinition id="TimerEventDefinition_Day45">
                    <bpmn:timeDate xsi:type="bpmn:tFormalExpression">${schedule.after(enrolledAt, 'P45D')}</bpmn:timeDate>
                  </bpmn:timerEventDefinition>
                </bpmn:intermediateCatchEvent>
                <bpmn:serviceTask id="Send_Day45Tips" name="Send tips for the second month" camunda:delegateExpression="${sendEmail}">
                  <bpmn:extensionElements>
                    <camunda:field name="template">
                      <camunda:string>onboarding</camunda:string>
                    </camunda:field>
                  </bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:sequenceFlow id="Flow_Day45_Tips" sourceRef="Timer_Day45" targetRef="Send_Day45Tips" />
                <bpmn:sequenceFlow id="Flow_Tips_Day90" sourceRef="Send_Day45Tips" targetRef="Timer_Day90" />""");
    }

    /** Deploys one diagram as {@code user} (password = user name, as the demo's); returns the deployment's id. */
    public static String deploy(TestRestTemplate rest, String user, String fileName, String xml) {
        return deploy(rest, "default", user, fileName, xml);
    }

    /** The same, to the named engine (the PostgreSQL tests' engine has its own name). */
    public static String deploy(TestRestTemplate rest, String engine, String user, String fileName, String xml) {
        return deploy(rest, engine, user, java.util.Map.of(fileName, xml));
    }

    /** Several files in one deployment, as the Modeler deploys a diagram with the files it names. */
    public static String deploy(TestRestTemplate rest, String engine, String user, java.util.Map<String, String> files) {
        var body = new LinkedMultiValueMap<String, Object>();
        body.add("deployment-name", files.keySet().iterator().next().replaceAll("\\.[a-z]+$", ""));
        body.add("deploy-changed-only", "true");
        body.add("deployment-source", "Camunda Modeler");
        files.forEach((fileName, text) -> body.add(fileName, new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return fileName;
            }
        }));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        ResponseEntity<JsonNode> deployed = rest.withBasicAuth(user, user)
                .postForEntity("default".equals(engine) ? "/engine-rest/deployment/create"
                        : "/engine-rest/engine/" + engine + "/deployment/create", new HttpEntity<>(body, headers), JsonNode.class);
        if (deployed.getStatusCode() != HttpStatus.OK) {
            throw new IllegalStateException("deployment refused: " + deployed.getStatusCode() + " " + deployed.getBody());
        }
        return deployed.getBody().path("id").asText();
    }

    private static String replace(String text, String what, String with) {
        if (!text.contains(what)) {
            throw new IllegalStateException("the diagram no longer has " + what);
        }
        return text.replace(what, with);
    }
}
