package io.touchline.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;

import com.icegreen.greenmail.junit5.GreenMailExtension;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Lives through an account's journey day by day on the engine clock and writes down what the
 * customer and the CS team saw: each email that arrived at GreenMail (with the journey step it came
 * from, read off its Message-ID) and each task that appeared (who got it, which form). Open tasks
 * are worked by a policy, as the CSMs would.
 */
public class Scenario {

    /** What happened on a day of the journey. */
    public record Event(int day, String kind, String step, String who, String form, MimeMessage email) {
        @Override
        public String toString() {
            return "day " + day + " " + kind + " " + step + " -> " + who + (form != null ? " [" + form + "]" : "");
        }
    }

    /** Default members who work the tasks of a group. */
    public static final Map<String, String> WORKER_OF_GROUP = Map.of(
            "pod-atlas", "priya", "pod-borealis", "omar", "scale-pool", "casey", "cs-managers", "morgan");

    private final Journeys journeys;
    private final TaskService tasks;
    private final GreenMailExtension mail;
    private final String externalId;
    private final String contactEmail;
    private final List<Event> events = new ArrayList<>();
    private final Set<String> seenTasks = new HashSet<>();
    private int seenMails;
    private int day;

    public Scenario(Journeys journeys, TaskService tasks, GreenMailExtension mail, String externalId, String contactEmail) {
        this.journeys = journeys;
        this.tasks = tasks;
        this.mail = mail;
        this.externalId = externalId;
        this.contactEmail = contactEmail;
        journeys.executeDueJobs();
        collect();
    }

    /**
     * Lives {@code days} more days. {@code work} answers a task with the form values to complete it
     * with, or null to leave it open.
     */
    public Scenario live(int days, Function<Task, Map<String, Object>> work) {
        for (int i = 0; i < days; i++) {
            day++;
            journeys.advance(Duration.ofDays(1));
            collect();
            for (Task task : journeys.openTasks(externalId)) {
                Map<String, Object> values = work.apply(task);
                if (values != null) {
                    journeys.complete(task, worker(task), values);
                }
            }
            journeys.executeDueJobs();
            collect();
        }
        return this;
    }

    /** Every task completed as a held call in good health. */
    public static Map<String, Object> held(Task task) {
        return Map.of("outcome", "held", "channel", "video-call", "notes", "Good call", "nextSteps", "Follow up",
                "healthAssessment", "green");
    }

    public int day() {
        return day;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The journey steps in the order the customer or the team saw them. */
    public List<String> steps() {
        return events.stream().map(Event::step).toList();
    }

    public List<Event> emails() {
        return events.stream().filter(e -> e.kind().equals("email")).toList();
    }

    public List<Event> tasks() {
        return events.stream().filter(e -> e.kind().equals("task")).toList();
    }

    public List<Event> of(String step) {
        return events.stream().filter(e -> e.step().equals(step)).toList();
    }

    private String worker(Task task) {
        if (task.getAssignee() != null) {
            return task.getAssignee();
        }
        return tasks.getIdentityLinksForTask(task.getId()).stream()
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
                .map(IdentityLink::getGroupId).map(WORKER_OF_GROUP::get).findFirst()
                .orElseThrow(() -> new IllegalStateException("Nobody can work " + task.getName()));
    }

    private void collect() {
        MimeMessage[] received = mail.getReceivedMessages();
        for (int i = seenMails; i < received.length; i++) {
            MimeMessage m = received[i];
            if (isTo(m, contactEmail)) {
                events.add(new Event(day, "email", stepOf(m), from(m), null, m));
            }
        }
        seenMails = received.length;
        for (Task task : journeys.openTasks(externalId)) {
            if (seenTasks.add(task.getId())) {
                var withForm = tasks.createTaskQuery().taskId(task.getId()).initializeFormKeys().singleResult();
                String who = task.getAssignee() != null ? task.getAssignee()
                        : tasks.getIdentityLinksForTask(task.getId()).stream()
                                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()))
                                .map(l -> "group:" + l.getGroupId()).findFirst().orElse("nobody");
                events.add(new Event(day, "task", task.getTaskDefinitionKey(), who,
                        withForm.getCamundaFormRef() == null ? null : withForm.getCamundaFormRef().getKey(), null));
            }
        }
    }

    private static boolean isTo(MimeMessage m, String email) {
        try {
            for (Address a : m.getAllRecipients()) {
                if (a instanceof InternetAddress ia && ia.getAddress().equalsIgnoreCase(email)) {
                    return true;
                }
            }
            return false;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The outbox id is account.activity.occurrence: the activity is the journey step. */
    private static String stepOf(MimeMessage m) {
        try {
            String id = m.getMessageID().replaceAll("^<|@touchline>$", "");
            String[] parts = id.split("\\.");
            return parts[parts.length - 2];
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String from(MimeMessage m) {
        try {
            return ((InternetAddress) m.getFrom()[0]).getPersonal();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
