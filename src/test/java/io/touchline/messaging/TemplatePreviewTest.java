package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/** CS Ops preview a template for an account and send it to themselves before a journey uses it. */
class TemplatePreviewTest extends ProcessTestBase {

    @Autowired
    TestRestTemplate rest;

    @Test
    void csOpsPreviewATemplateAsTheAccountWouldGetIt() {
        String id = Journeys.newExternalId("PREVIEW");
        journeys.enrol(id, 150_000, false, false, daysFromNow(80), daysFromNow(-285), "dana", null);

        var preview = rest.withBasicAuth("ops", "ops")
                .getForEntity("/api/templates/value-summary/preview?account=" + id, JsonNode.class);

        assertThat(preview.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(preview.getBody().path("from").asText()).startsWith("Dana Whitfield");
        assertThat(preview.getBody().path("replyTo").asText()).isEqualTo("dana@acme-cloud.example");
        assertThat(preview.getBody().path("html").asText()).contains("Account " + id);
        assertThat(preview.getBody().path("subject").asText()).isNotBlank();
        assertThat(rest.withBasicAuth("ops", "ops").getForEntity("/api/templates", JsonNode.class).getBody()
                .path("value-summary").path("versions").toString()).contains("high-touch").contains("common");
    }

    @Test
    void aTestSendGoesToTheCsOpsUserNotTheCustomer() throws Exception {
        String id = Journeys.newExternalId("TESTSEND");
        journeys.enrol(id, 10_000, false, false, daysFromNow(300), daysFromNow(-150), null, null);
        MAIL.reset();

        var sent = rest.withBasicAuth("morgan", "morgan")
                .postForEntity("/api/templates/renewal-reminder/test-send?account=" + id, null, JsonNode.class);

        assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        var mail = MAIL.getReceivedMessages()[0];
        assertThat(Arrays.stream(mail.getAllRecipients()).map(Object::toString)).containsExactly("morgan@acme-cloud.example");
        assertThat(mail.getSubject()).startsWith("[Test] ");
    }

    @Test
    void unknownTemplatesAndOutsidersAreRefused() {
        String id = Journeys.newExternalId("PREVIEW-NO");
        journeys.enrol(id, 10_000, false, false, daysFromNow(300), daysFromNow(-150), null, null);
        assertThat(rest.withBasicAuth("ops", "ops").getForEntity("/api/templates/nope/preview?account=" + id,
                JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(rest.withBasicAuth("priya", "priya").getForEntity("/api/templates/welcome/preview?account=" + id,
                JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
}
