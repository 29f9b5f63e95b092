package io.touchline.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.touchline.whatif.Forecast;
import io.touchline.whatif.ModelChange;
import io.touchline.whatif.SyntheticBook;
import io.touchline.whatif.WhatIfLauncher;

/**
 * Speed of the what-if replay: a synthetic book (the touch model's tier mix) of 1,000 and of
 * 10,000 accounts over 52 weeks, today's model, the book split over one what-if JVM per core.
 * Prints accounts x weeks per second, wall time and the peak heap of the replay JVMs. Target:
 * 10,000 accounts x 52 weeks in under 10 minutes on 2 cores. Run with {@code mvn -B -Pbenchmark test}.
 */
@Tag("benchmark")
class WhatIfReplayBenchmark {

    private static final Logger log = LoggerFactory.getLogger(WhatIfReplayBenchmark.class);
    private static final Instant START = Instant.parse("2027-01-04T10:00:00Z");
    private static final int WEEKS = 52;

    @Test
    void replayOfOneAndTenThousandAccountsOverAYear(@TempDir Path work) throws Exception {
        for (int accounts : new int[] {1_000, 10_000}) {
            Path dir = java.nio.file.Files.createDirectories(work.resolve("book-" + accounts));
            var request = new WhatIfLauncher.Request(SyntheticBook.of(accounts, START), START, WEEKS, ModelChange.NONE,
                    false, 0, 0, null);
            long began = System.nanoTime();
            WhatIfLauncher.Outcome outcome = new WhatIfLauncher().run(request, dir, null);
            double seconds = (System.nanoTime() - began) / 1e9;
            Forecast f = outcome.forecast();
            log.info(String.format(Locale.ROOT,
                    "what-if benchmark: %,d accounts x %d weeks in %.0f s wall (%d:%02d) = %,.0f account-weeks/s; "
                            + "%d replay JVMs, peak heap %d MB each at most (this JVM: %d MB); "
                            + "counted %,d human touches (%,.0f h), %,d emails, %,d in-app messages; %d skipped, %d failures",
                    f.accounts(), WEEKS, seconds, (int) seconds / 60, (int) seconds % 60, accounts * WEEKS / seconds,
                    Runtime.getRuntime().availableProcessors(), f.peakHeapBytes() / (1024 * 1024), ownPeakHeap() / (1024 * 1024),
                    f.touches(), f.hours(), f.emails(), f.inApp(), f.skipped().size(), f.failures().size()));
            assertThat(f.accounts()).isEqualTo(accounts);
            assertThat(f.failures()).isEmpty();
        }
    }

    private static long ownPeakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage).mapToLong(u -> u.getUsed()).sum();
    }
}
