package io.touchline.whatif;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.touchline.TouchlineApplication;

/**
 * The main class of a what-if JVM: one replay of one book (or part of one) over one model. Started
 * by {@link WhatIfLauncher}, never by hand. Camunda's clock is JVM-wide, so the replay gets a JVM
 * of its own: the real application under the {@code whatif} profile, with an in-memory database,
 * no web server, no job executor, no dispatcher, no mail server.
 *
 * <p>Arguments: {@code --book FILE --result FILE --start INSTANT --weeks N [--processes DIR] [--label NAME]}.
 * Prints {@code progress W/N weeks, T touches} lines as it goes and {@code error MESSAGE} if it fails.
 */
public final class WhatIfWorker {

    /** Settings that keep the replay away from anything live, passed as command-line arguments (they win over all else). */
    static List<String> isolation() {
        return List.of(
                "--spring.profiles.active=whatif",
                "--spring.datasource.url=jdbc:h2:mem:whatif-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "--spring.datasource.username=sa",
                "--spring.datasource.password=",
                "--spring.datasource.driver-class-name=org.h2.Driver",
                "--spring.main.web-application-type=none",
                "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.auto-deployment-enabled=false",
                "--touchline.outbox.poll-interval=PT0S",
                "--touchline.demo-mail.enabled=false",
                "--touchline.demo.team=false",
                "--touchline.demo.accounts=false");
    }

    private WhatIfWorker() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        try {
            Map<String, String> options = options(args);
            Path result = Path.of(required(options, "result"));
            Book book = Book.read(Path.of(required(options, "book")));
            Horizon horizon = new Horizon(Instant.parse(required(options, "start")), Integer.parseInt(required(options, "weeks")));
            Path processes = options.containsKey("processes") ? Path.of(options.get("processes")) : null;
            WhatIfReplay.Spec spec = new WhatIfReplay.Spec(options.getOrDefault("label", "what-if"), horizon, processes);
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TouchlineApplication.class)
                    .web(WebApplicationType.NONE).logStartupInfo(false)
                    .run(isolation().toArray(String[]::new))) {
                String url = context.getEnvironment().getProperty("spring.datasource.url", "");
                if (!url.startsWith("jdbc:h2:mem:whatif-")) {
                    throw new IllegalStateException("refusing to replay on " + url + ": a what-if needs its own in-memory database");
                }
                Forecast forecast = context.getBean(WhatIfReplay.class).run(spec, book, out::println);
                forecast.write(result);
            }
            out.println("done");
            out.flush();
            System.exit(0);
        } catch (Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            out.println("error " + (root.getMessage() != null ? root.getMessage() : root.getClass().getName()).replace('\n', ' '));
            e.printStackTrace();
            out.flush();
            System.exit(1);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
