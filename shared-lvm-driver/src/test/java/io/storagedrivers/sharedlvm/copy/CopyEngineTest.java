package io.storagedrivers.sharedlvm.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.ImageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** argv of the copy tools, chunking, qcow2 handling, placement order and progress throttling. */
class CopyEngineTest {
    static final long MIB = 1024L * 1024;

    @TempDir
    Path tmp;

    /** Records every command (and streamed byte count); fails the ones whose program is in {@code failing}. */
    static final class Recorder implements CommandRunner {
        final List<String> calls = new ArrayList<>();
        final List<String> failing = new ArrayList<>();

        @Override
        public String where() {
            return "rec";
        }

        @Override
        public CommandResult execute(Command c) {
            calls.add(String.join(" ", c.argv()));
            int exit = failing.contains(c.program()) ? 1 : 0;
            return new CommandResult(c, exit, new byte[0], exit == 0 ? "" : c.program() + ": boom\n", false);
        }

        @Override
        public CommandResult execute(Command c, InputStream in) {
            try {
                calls.add(String.join(" ", c.argv()) + " <" + in.readAllBytes().length + " bytes");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return new CommandResult(c, 0, new byte[0], "", false);
        }
    }

    final CopyCommands cmds = new CopyCommands("dd", "qemu-img", "blkdiscard");

    @Test
    void deviceCopyIsChunkedWithDirectIoAndReportsPerChunk() {
        Recorder at = new Recorder();
        List<Long> done = new ArrayList<>();
        new CopyEngine(cmds, 4 * MIB, true, tmp).copyDevice(at, "/dev/a/x", "/dev/b/y", 10 * MIB, (d, t) -> done.add(d));
        assertEquals(List.of(
                "dd if=/dev/a/x of=/dev/b/y bs=1M skip=0 seek=0 count=4 iflag=direct oflag=direct conv=sparse,notrunc,fsync status=none",
                "dd if=/dev/a/x of=/dev/b/y bs=1M skip=4 seek=4 count=4 iflag=direct oflag=direct conv=sparse,notrunc,fsync status=none",
                "dd if=/dev/a/x of=/dev/b/y bs=1M skip=8 seek=8 count=2 iflag=direct oflag=direct conv=sparse,notrunc,fsync status=none"),
                at.calls);
        assertEquals(0L, done.get(0));
        assertEquals(10 * MIB, done.get(done.size() - 1));
        assertThrows(IllegalArgumentException.class, () -> new CopyEngine(cmds, 4 * MIB, true, tmp)
                .copyDevice(at, "/dev/a/x", "/dev/b/y", MIB + 1, (d, t) -> { }));
    }

    @Test
    void fullCopyWritesEveryBlock() {
        Recorder at = new Recorder();
        new CopyEngine(cmds, 4 * MIB, false, tmp).copyDevice(at, "/dev/a/x", "/dev/b/y", 4 * MIB, (d, t) -> { });
        assertTrue(at.calls.get(0).endsWith("conv=notrunc,fsync status=none"), at.calls.get(0));
    }

    @Test
    void localRawImageIsReadInPlaceWithoutDirectIo() throws IOException {
        Recorder fe = new Recorder();
        Path img = Files.write(tmp.resolve("a.raw"), new byte[(int) (5 * MIB) + 1]);
        new CopyEngine(cmds, 4 * MIB, true, tmp).importImage(fe, fe, true, new ImageSource(img, "raw", 5 * MIB + 1),
                "/dev/v/l", (d, t) -> { });
        assertEquals(List.of(
                "dd if=" + img + " of=/dev/v/l bs=1M skip=0 seek=0 count=4 conv=sparse,notrunc,fsync status=none",
                "dd if=" + img + " of=/dev/v/l bs=1M skip=4 seek=4 count=2 conv=sparse,notrunc,fsync status=none"), fe.calls);
    }

    @Test
    void qcow2IsConvertedInPlaceOnTheFrontend() {
        Recorder fe = new Recorder();
        new CopyEngine(cmds, 4 * MIB, true, tmp).importImage(fe, fe, true,
                new ImageSource(Path.of("/var/tmp/i.qcow2"), "qcow2", 8 * MIB), "/dev/v/l", (d, t) -> { });
        assertEquals(List.of("qemu-img convert -n -f qcow2 -O raw --target-is-zero /var/tmp/i.qcow2 /dev/v/l"), fe.calls);
        Recorder fe2 = new Recorder();
        new CopyEngine(cmds, 4 * MIB, false, tmp).importImage(fe2, fe2, true,
                new ImageSource(Path.of("/var/tmp/i.qcow2"), "qcow2", 8 * MIB), "/dev/v/l", (d, t) -> { });
        assertEquals(List.of("qemu-img convert -n -f qcow2 -O raw /var/tmp/i.qcow2 /dev/v/l"), fe2.calls);
    }

    @Test
    void qcow2ForAHostIsStagedAsRawThenStreamedAndTheStagingFileRemoved() throws IOException {
        Recorder fe = new Recorder();
        Recorder host = new Recorder();
        new CopyEngine(cmds, 4 * MIB, true, tmp).importImage(fe, host, false,
                new ImageSource(Path.of("/var/tmp/i.qcow2"), "qcow2", 8 * MIB), "/dev/v/l", (d, t) -> { });
        assertEquals(1, fe.calls.size());
        assertTrue(fe.calls.get(0).matches("qemu-img convert -f qcow2 -O raw /var/tmp/i.qcow2 " + tmp
                + "/shared-lvm-import-[0-9]+\\.raw"), fe.calls.get(0));
        assertEquals(List.of("dd of=/dev/v/l bs=1M iflag=fullblock conv=sparse,notrunc,fsync status=none <0 bytes"), host.calls);
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count(), "staging file removed");
        }
    }

    @Test
    void aFailedToolBecomesABackendErrorNamingIt() {
        Recorder at = new Recorder();
        at.failing.add("blkdiscard");
        BackendException e = assertThrows(BackendException.class,
                () -> new CopyEngine(cmds, 4 * MIB, true, tmp).zero(at, "/dev/v/l", 8 * MIB));
        assertEquals("copy failed: command failed on rec (exit 1): blkdiscard -z /dev/v/l: blkdiscard: boom", e.getMessage());
    }

    @Test
    void placementOrder() {
        assertEquals(List.of("h9"), new CopyPlacement(Optional.of("h9"), List.of("h1"), () -> true).candidates("h2", "v"));
        assertEquals(List.of("frontend"), new CopyPlacement(Optional.empty(), List.of("h1"), () -> true).candidates("h2", "v"));
        List<String> c = new CopyPlacement(Optional.empty(), List.of("h1", "h2", "h3"), () -> false).candidates("h2", "vg/lv");
        assertEquals("h2", c.get(0));
        assertEquals(3, c.size());
        assertEquals(c, new CopyPlacement(Optional.empty(), List.of("h1", "h2", "h3"), () -> false).candidates("h2", "vg/lv"),
                "deterministic");
        assertThrows(IllegalStateException.class,
                () -> new CopyPlacement(Optional.empty(), List.of(), () -> false).candidates(null, "v"));
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
}
