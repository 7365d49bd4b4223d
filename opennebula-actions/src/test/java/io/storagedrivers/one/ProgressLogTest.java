package io.storagedrivers.one;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.storagedrivers.spi.CopySummary;
import io.storagedrivers.spi.Sizes;

/** A TM action's copy ends with one summary line in the VM's log: bytes, zeroes, rate, where. */
class ProgressLogTest {
    @Test
    void theSummaryIsOneLineCarryingTheVmId() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Reply reply = new Reply(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "shared_lvm/clone", false, 42);
        ProgressLog log = new ProgressLog(reply, "clone of vg/img-one-7");
        log.report(0, 1024 * Sizes.MIB);
        log.report(1024 * Sizes.MIB, 1024 * Sizes.MIB);
        log.copied(new CopySummary(1024 * Sizes.MIB, 800 * Sizes.MIB, 0, Duration.ofMillis(3200), "host1"));
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("INFO: 42 shared_lvm/clone: clone of vg/img-one-7: copied 1024 MiB in 3.2 s (320.0 MiB/s) on host1;"
                + " 800 MiB of zero blocks skipped; 0 MiB zeroed", lines[lines.length - 1]);
    }

    @Test
    void zeroesSkippedOnAHostAreSaidToBeUncounted() {
        assertEquals("x: copied 1.5 MiB in 0.0 s (0.0 MiB/s) on local; zero blocks skipped (not counted); 4 MiB zeroed",
                ProgressLog.summary("x", new CopySummary(3 * Sizes.MIB / 2, CopySummary.NOT_COUNTED, 4 * Sizes.MIB,
                        Duration.ZERO, "local")));
        assertEquals("x: copied 4 MiB in 2.0 s (2.0 MiB/s) on h; every byte written; 0 MiB zeroed",
                ProgressLog.summary("x", new CopySummary(4 * Sizes.MIB, 0, 0, Duration.ofSeconds(2), "h")));
    }
}
