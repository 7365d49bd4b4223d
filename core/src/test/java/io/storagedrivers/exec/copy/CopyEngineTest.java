package io.storagedrivers.exec.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.CopySummary;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.testsupport.FakeRunners;
import io.storagedrivers.testsupport.FakeRunners.Host;
import io.storagedrivers.testsupport.FakeRunners.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * argv of the copy tools, chunking, qcow2 handling, progress throttling, and the data-safety rule:
 * every byte of a target is written (data, or zeroes where the source has none or ends).
 */
class CopyEngineTest {
    static final long MIB = 1024L * 1024;

    @TempDir
    Path tmp;

    /**
     * A machine that runs every command, failing the ones whose program is in {@code failing}
     * (the shared fake runner: what ran is in {@link #calls}).
     */
    private static Host machine(String... failing) {
        List<String> fails = List.of(failing);
        return new FakeRunners().declare("rec").otherwise(c -> fails.contains(c.argv().get(0))
                ? Reply.exit(1, "", c.argv().get(0) + ": boom\n") : Reply.ok(""));
    }

    /** The command lines that ran on {@code at}, a streamed one with " <N bytes". */
    private static List<String> calls(Host at) {
        return at.calls.stream().map(c -> c.line() + (c.stdinBytes() >= 0 ? " <" + c.stdinBytes() + " bytes" : "")).toList();
    }

    final CopyCommands cmds = new CopyCommands(CopyTools.defaults());

    CopyEngine engine(boolean sparse) {
        return new CopyEngine(cmds, 4 * MIB, sparse, tmp);
    }

    @Test
    void sparseDeviceCopyZeroesTheWholeTargetFirstThenSkipsZeroBlocksInChunks() {
        Host at = machine();
        List<Long> done = new ArrayList<>();
        engine(true).copyDevice(at, "/dev/a/x", "/dev/b/y", 10 * MIB, 12 * MIB, false, (d, t) -> done.add(d));
        String flags = " iflag=skip_bytes,count_bytes,direct oflag=seek_bytes,direct conv=sparse,notrunc,fsync status=none";
        assertEquals(List.of(
                "blkdiscard --zeroout --length 12582912 /dev/b/y",
                "dd if=/dev/a/x of=/dev/b/y bs=4M skip=0 seek=0 count=4194304" + flags,
                "dd if=/dev/a/x of=/dev/b/y bs=4M skip=4194304 seek=4194304 count=4194304" + flags,
                "dd if=/dev/a/x of=/dev/b/y bs=4M skip=8388608 seek=8388608 count=2097152" + flags),
                calls(at));
        assertEquals(0L, done.get(0));
        assertEquals(10 * MIB, done.get(done.size() - 1));
    }

    @Test
    void fullCopyWritesEveryByteOfTheSourceAndZeroesOnlyTheTail() {
        Host at = machine();
        engine(false).copyDevice(at, "/dev/a/x", "/dev/b/y", 4 * MIB, 6 * MIB, false, (d, t) -> { });
        assertEquals(2, calls(at).size());
        assertTrue(calls(at).get(0).endsWith("conv=notrunc,fsync status=none"), calls(at).get(0));
        assertEquals("blkdiscard --zeroout --offset 4194304 --length 2097152 /dev/b/y", calls(at).get(1));
    }

    @Test
    void aTargetKnownToReadAsZeroIsNotZeroedAgain() {
        Host at = machine();
        engine(false).copyDevice(at, "/dev/a/x", "/dev/b/y", 4 * MIB, 6 * MIB, true, (d, t) -> { });
        assertEquals(1, calls(at).size());
        assertTrue(calls(at).get(0).contains("conv=sparse"), calls(at).get(0));
    }

    @Test
    void aTargetSmallerThanTheSourceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> engine(true)
                .copyDevice(machine(), "/dev/a/x", "/dev/b/y", 4 * MIB, 2 * MIB, false, (d, t) -> { }));
    }

    @Test
    void localRawImageIsReadInPlaceWithoutDirectIo() throws IOException {
        Host fe = machine();
        Path img = Files.write(tmp.resolve("a.raw"), new byte[(int) (5 * MIB) + 1]);
        engine(true).importImage(fe, fe, true, new ImageSource(img, "raw", 5 * MIB + 1), "/dev/v/l", 8 * MIB, false,
                (d, t) -> { });
        assertEquals(List.of(
                "blkdiscard --zeroout --length 8388608 /dev/v/l",
                "dd if=" + img + " of=/dev/v/l bs=4M skip=0 seek=0 count=4194304 iflag=skip_bytes,count_bytes"
                        + " oflag=seek_bytes conv=sparse,notrunc,fsync status=none",
                "dd if=" + img + " of=/dev/v/l bs=4M skip=4194304 seek=4194304 count=1048577 iflag=skip_bytes,count_bytes"
                        + " oflag=seek_bytes conv=sparse,notrunc,fsync status=none"), calls(fe));
    }

    @Test
    void qcow2IsConvertedInPlaceOnTheFrontend() {
        Host fe = machine();
        engine(true).importImage(fe, fe, true, new ImageSource(Path.of("/var/tmp/i.qcow2"), "qcow2", 8 * MIB),
                "/dev/v/l", 8 * MIB, false, (d, t) -> { });
        assertEquals(List.of("blkdiscard --zeroout --length 8388608 /dev/v/l",
                "qemu-img convert -n -f qcow2 -O raw --target-is-zero /var/tmp/i.qcow2 /dev/v/l"), calls(fe));
        Host fe2 = machine();
        engine(false).importImage(fe2, fe2, true, new ImageSource(Path.of("/var/tmp/i.qcow2"), "qcow2", 6 * MIB),
                "/dev/v/l", 8 * MIB, false, (d, t) -> { });
        assertEquals(List.of("qemu-img convert -n -f qcow2 -O raw /var/tmp/i.qcow2 /dev/v/l",
                "blkdiscard --zeroout --offset 6291456 --length 2097152 /dev/v/l"), calls(fe2));
    }

    @Test
    void qcow2ForAHostIsStagedAsRawInTheStagingDirThenStreamedAndTheStagingFileRemoved() throws IOException {
        Host fe = machine();
        Host host = machine();
        engine(true).importImage(fe, host, false, new ImageSource(Path.of("/var/tmp/i.qcow2"), "qcow2", 8 * MIB),
                "/dev/v/l", 8 * MIB, false, (d, t) -> { });
        assertEquals(1, calls(fe).size());
        assertTrue(calls(fe).get(0).matches("qemu-img convert -f qcow2 -O raw /var/tmp/i.qcow2 " + tmp
                + "/storage-drivers-import-[0-9]+\\.raw"), calls(fe).get(0));
        assertEquals(List.of("blkdiscard --zeroout --length 8388608 /dev/v/l",
                "dd of=/dev/v/l bs=4M iflag=fullblock conv=sparse,notrunc,fsync status=none <0 bytes"), calls(host));
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count(), "staging file removed");
        }
    }

    @Test
    void aFailedToolBecomesABackendErrorNamingIt() {
        Host at = machine("blkdiscard");
        BackendException e = assertThrows(BackendException.class, () -> engine(true).zero(at, "/dev/v/l", 0, 8 * MIB));
        assertEquals("copy failed: command failed on rec (exit 1): blkdiscard --zeroout --length 8388608 /dev/v/l:"
                + " blkdiscard: boom", e.getMessage());
    }

    @Test
    void toolPathsComeFromTheDriverSettings() {
        CopyTools t = CopyTools.from(Map.of("DD", "/usr/bin/dd", "QEMU_IMG", " ", "BLKDISCARD", "/sbin/blkdiscard"));
        assertEquals(new CopyTools("/usr/bin/dd", "qemu-img", "/sbin/blkdiscard"), t);
        Host at = machine();
        new CopyEngine(new CopyCommands(t), MIB, false, tmp).zero(at, "/dev/v/l", 0, MIB);
        assertTrue(calls(at).get(0).startsWith("/sbin/blkdiscard "), calls(at).get(0));
    }

    @Test
    void progressIsThrottledButTheEndAlwaysReported() {
        List<Long> seen = new ArrayList<>();
        long[] now = {0};
        ThrottledProgress p = new ThrottledProgress((d, t) -> seen.add(d), 2000, () -> now[0]);
        p.report(0, 100);
        p.report(10, 100);
        now[0] += 2_000_000_000L;
        p.report(20, 100);
        p.report(30, 100);
        p.report(100, 100);
        assertEquals(List.of(0L, 20L, 100L), seen);
    }

    /** Keeps the summary a copy ends with. */
    static final class Summaries implements Progress {
        final List<CopySummary> done = new ArrayList<>();

        @Override
        public void report(long doneBytes, long totalBytes) {
        }

        @Override
        public void copied(CopySummary summary) {
            done.add(summary);
        }
    }

    @Test
    void everyCopyEndsWithOneSummaryOfBytesZeroesAndWhere() {
        Summaries sparse = new Summaries();
        engine(true).copyDevice(machine(), "/dev/a/x", "/dev/b/y", 10 * MIB, 12 * MIB, false, sparse);
        assertEquals(1, sparse.done.size());
        CopySummary s = sparse.done.get(0);
        assertEquals(10 * MIB, s.bytes());
        assertEquals(CopySummary.NOT_COUNTED, s.zeroBytesSkipped(), "dd skips zero blocks on the host uncounted");
        assertEquals(12 * MIB, s.zeroedBytes(), "the whole target zeroed first");
        assertEquals("rec", s.where());

        Summaries full = new Summaries();
        engine(false).copyDevice(machine(), "/dev/a/x", "/dev/b/y", 10 * MIB, 12 * MIB, false, full);
        assertEquals(List.of(0L, 2 * MIB), List.of(full.done.get(0).zeroBytesSkipped(), full.done.get(0).zeroedBytes()));
    }

    @Test
    void aStreamedImageCountsTheZeroBlocksDdSkips() throws IOException {
        Path raw = tmp.resolve("image.raw");
        byte[] bytes = new byte[(int) (9 * MIB)]; // blocks: data, zero, partial zero (1 MiB)
        bytes[17] = 1;
        Files.write(raw, bytes);
        Summaries got = new Summaries();
        engine(true).importImage(machine(), machine(), false, new ImageSource(raw, "raw", 9 * MIB),
                "/dev/v/l", 12 * MIB, false, got);
        assertEquals(9 * MIB, got.done.get(0).bytes());
        assertEquals(5 * MIB, got.done.get(0).zeroBytesSkipped(), "the zero block and the zero tail block");

        Summaries written = new Summaries();
        engine(false).importImage(machine(), machine(), false, new ImageSource(raw, "raw", 9 * MIB),
                "/dev/v/l", 12 * MIB, false, written);
        assertEquals(0, written.done.get(0).zeroBytesSkipped(), "no sparse copy: every byte written");
        assertEquals(3 * MIB, written.done.get(0).zeroedBytes(), "the tail");
    }
}
