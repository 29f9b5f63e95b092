package io.touchline.whatif;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.touchline.demo.DemoTeam;
import io.touchline.whatif.Book.BookAccount;
import io.touchline.whatif.Book.BookContact;

/**
 * A made-up book of any size for benchmarks and tests, with the tier mix of the touch model
 * (section 1): about 15% high-touch (ARR $100K+), 35% medium-touch ($25K-$100K), 30% low-touch
 * and 20% tech-touch (under $5K or trial). Owners are the demo team's CSMs and pods; renewal dates
 * spread over the coming year; one in five accounts is still in onboarding; one in twenty is at
 * risk. The same size and seed always give the same book.
 */
public final class SyntheticBook {

    private static final List<String> ZONES = List.of("America/New_York", "America/Chicago", "America/Los_Angeles",
            "Europe/London", "Europe/Berlin", "Europe/Paris", "Asia/Singapore", "Australia/Sydney", "UTC");
    private static final List<String> HIGH_TOUCH_CSMS = List.of("dana", "marco");
    private static final List<String> PODS = List.of(DemoTeam.POD_ATLAS, DemoTeam.POD_BOREALIS);

    private SyntheticBook() {
    }

    /** {@code size} accounts as of {@code today} (the day the replay starts). */
    public static Book of(int size, LocalDate today, long seed) {
        Random random = new Random(seed);
        List<BookAccount> accounts = new ArrayList<>(size);
        for (int i = 1; i <= size; i++) {
            double draw = random.nextDouble();
            long arr;
            boolean trial = false;
            String csm = null;
            String pod = null;
            if (draw < 0.15) {
                arr = 100_000 + random.nextInt(400_000);
                csm = HIGH_TOUCH_CSMS.get(i % HIGH_TOUCH_CSMS.size());
            } else if (draw < 0.50) {
                arr = 25_000 + random.nextInt(75_000);
                pod = PODS.get(i % PODS.size());
            } else if (draw < 0.80) {
                arr = 5_000 + random.nextInt(20_000);
            } else {
                trial = random.nextInt(4) == 0;
                arr = trial ? 0 : random.nextInt(5_000);
            }
            LocalDate since;
            LocalDate renewal;
            if (random.nextInt(5) == 0) { // in onboarding: a first year that started in the last 90 days
                since = today.minusDays(random.nextInt(90));
                renewal = since.plusYears(1);
            } else { // established: renewal some day of the coming year, customer for 1 to 3 terms
                renewal = today.plusDays(1 + random.nextInt(365));
                since = renewal.minusYears(1 + random.nextInt(3));
            }
            boolean atRisk = random.nextInt(20) == 0;
            String id = String.format("SYN-%06d", i);
            String zone = ZONES.get(random.nextInt(ZONES.size()));
            accounts.add(new BookAccount((long) i, id, "Synthetic account " + i, BigDecimal.valueOf(arr), false, trial, renewal,
                    since, zone, csm, pod, null, atRisk ? 30 : 80, atRisk, false,
                    List.of(new BookContact("Sam Customer", id.toLowerCase() + "@synthetic.example", "primary", null,
                            null, null, null)),
                    Map.of()));
        }
        return new Book(today.atStartOfDay(ZoneOffset.UTC).toInstant(), accounts);
    }

    public static Book of(int size, Instant start) {
        return of(size, LocalDate.ofInstant(start, ZoneOffset.UTC), 42);
    }
}
