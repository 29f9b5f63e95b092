package io.touchline.support;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

import com.icegreen.greenmail.junit5.GreenMailExtension;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** Base of process and scenario tests: the app, GreenMail as its SMTP server, the clock at START. */
@TouchlineTest
public abstract class ProcessTestBase {

    @RegisterExtension
    protected static final GreenMailExtension MAIL = new GreenMailExtension(
            TestSmtp.setup()).withPerMethodLifecycle(true);

    @Autowired
    protected Journeys journeys;
    @Autowired
    protected ProcessEngine engine;

    @BeforeEach
    void initEngineAndClock() {
        BpmnAwareTests.init(engine);
        journeys.startClock();
    }

    @AfterEach
    void cleanUpJourneys() {
        journeys.cleanUp();
    }

    /** The Camunda Form a task shows in Tasklist (formRef, latest binding). */
    protected void assertForm(org.camunda.bpm.engine.task.Task task, String formId) {
        var withForm = engine.getTaskService().createTaskQuery().taskId(task.getId()).initializeFormKeys().singleResult();
        org.assertj.core.api.Assertions.assertThat(withForm.getCamundaFormRef()).as("form of " + task.getName()).isNotNull();
        org.assertj.core.api.Assertions.assertThat(withForm.getCamundaFormRef().getKey()).isEqualTo(formId);
        org.assertj.core.api.Assertions.assertThat(withForm.getCamundaFormRef().getBinding()).isEqualTo("latest");
    }

    protected static LocalDate daysFromNow(int days) {
        return Journeys.today().plusDays(days);
    }

    /** The emails GreenMail received for an account (their Message-ID starts with its id), in arrival order. */
    protected static List<jakarta.mail.internet.MimeMessage> mailsOf(String externalId) {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return m.getMessageID().startsWith("<" + externalId + ".");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Subjects of the emails GreenMail received, in arrival order. */
    protected static List<String> subjects() {
        return Arrays.stream(MAIL.getReceivedMessages()).map(ProcessTestBase::subject).toList();
    }

    protected static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
