package io.touchline.whatif;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.touchline.web.InvalidInputException;

/**
 * The what-if from the command line: replays a book (a file exported by {@code GET /api/whatif/book},
 * or a synthetic one) over today's model and the changed one, and writes the weekly load as CSV.
 * <pre>
 * mvn -B -q -Pwhatif spring-boot:run -Dspring-boot.run.arguments="--book book.json --weeks 52 --every medium-touch:check-in=P14D --out whatif.csv"
 * </pre>
 * Options: {@code --book FILE | --synthetic N}, {@code --weeks N} (1-52, default 52), {@code --start
 * 2027-01-04T10:00:00Z} (default: now), {@code --every tier:cadence=period} (repeatable),
 * {@code --processes DIR} (changed .bpmn/.dmn/.form files), {@code --out FILE} (default whatif.csv),
 * {@code --no-baseline}, {@code --jvms N} (default: one per core), {@code --partitions N}.
 * Nothing is sent and no live journey is touched: each replay runs in a JVM of its own.
 */
public final class WhatIfMain {

    private WhatIfMain() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        Path work = null;
        try {
            Book book = null;
            Instant start = Instant.now();
            int weeks = Horizon.MAX_WEEKS;
            List<String> every = new ArrayList<>();
            Path processes = null;
            Path csv = Path.of("whatif.csv");
            boolean baseline = true;
            int jvms = 0;
            int partitions = 0;
            Integer synthetic = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--no-baseline" -> baseline = false;
                    case "--book" -> book = Book.read(Path.of(value(args, ++i, arg)));
                    case "--synthetic" -> synthetic = Integer.parseInt(value(args, ++i, arg));
                    case "--weeks" -> weeks = Integer.parseInt(value(args, ++i, arg));
                    case "--start" -> start = instant(value(args, ++i, arg));
                    case "--every" -> every.add(value(args, ++i, arg));
                    case "--processes" -> processes = Path.of(value(args, ++i, arg));
                    case "--out" -> csv = Path.of(value(args, ++i, arg));
                    case "--jvms" -> jvms = Integer.parseInt(value(args, ++i, arg));
                    case "--partitions" -> partitions = Integer.parseInt(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown option " + arg + " (see WhatIfMain's javadoc or the README)");
                }
            }
            if (synthetic != null) {
                book = SyntheticBook.of(synthetic, start);
            }
            if (book == null) {
                throw new IllegalArgumentException("--book FILE or --synthetic N is required");
            }
            if (weeks < 1 || weeks > Horizon.MAX_WEEKS) {
                throw new IllegalArgumentException("--weeks must be between 1 and " + Horizon.MAX_WEEKS);
            }
            ModelChange change = ModelChange.of(every, processes);
            work = Files.createTempDirectory("touchline-whatif-");
            out.printf(Locale.ROOT, "what-if: %d accounts, %d weeks from %s, %s%n", book.accounts().size(), weeks, start,
                    change.describe());
            var request = new WhatIfLauncher.Request(book, start, weeks, change, baseline, jvms, partitions, null);
            var outcome = new WhatIfLauncher().run(request, work, (week, total, touches) ->
                    out.printf(Locale.ROOT, "progress %d/%d weeks, %,d touches%n", week, total, touches));
            try (Writer writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                WhatIfCsv.write(outcome, writer);
            }
            if (outcome.changed() != null && outcome.baseline() != null) {
                out.println("today's model: " + summary(outcome.baseline()));
                out.println("changed model: " + summary(outcome.changed()));
            } else {
                out.println("forecast: " + summary(outcome.forecast()));
            }
            outcome.forecast().skipped().forEach(s -> out.println("skipped " + s.externalId() + ": " + s.reason()));
            out.printf(Locale.ROOT, "wrote %s in %.1f s%n", csv, outcome.seconds());
            WhatIfLauncher.deleteQuietly(work);
            System.exit(0);
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> out.println("error " + p.field() + ": " + p.message()));
            System.exit(2);
        } catch (RuntimeException | IOException e) {
            out.println("error " + e.getMessage() + (work != null ? " (files kept in " + work + ")" : ""));
            System.exit(1);
        }
    }

    private static String summary(Forecast f) {
        return String.format(Locale.ROOT, "%,d human touches (%.1f hours), %,d emails, %,d in-app messages over %d weeks",
                f.touches(), f.hours(), f.emails(), f.inApp(), f.weeks());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static Instant instant(String text) {
        return text.length() == 10 ? LocalDate.parse(text).atTime(10, 0).toInstant(ZoneOffset.UTC) : Instant.parse(text);
    }
}
