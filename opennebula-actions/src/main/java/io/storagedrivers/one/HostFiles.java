package io.storagedrivers.one;

import java.time.Duration;
import java.util.function.Supplier;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.copy.CopyCommands;

/**
 * The few file operations the TM actions do in a VM directory on a host: every one an argv with
 * validated absolute paths (see {@link HostPath}), run through the host's runner (SSH).
 */
public final class HostFiles {
    /** A context ISO or a VM directory as a tar stream; far below this in practice. */
    static final int MAX_TRANSFER = 512 * 1024 * 1024;
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(10);

    private final CommandRunner runner;
    /** The copy engine's argv (dd's path from the driver's settings), read only when a file is written. */
    private final Supplier<CopyCommands> copy;

    HostFiles(CommandRunner runner, Supplier<CopyCommands> copy) {
        this.runner = runner;
        this.copy = copy;
    }

    public String where() {
        return runner.where();
    }

    public void mkdirs(String dir) {
        runner.run(Command.of("mkdir", "-p", dir));
    }

    /** Points {@code link} at {@code target}, replacing what was there ({@code ln -sfn}). */
    public void link(String target, String link) {
        runner.run(Command.of("ln", "-sfn", target, link));
    }

    /**
     * {@code mkdir -p dir}, then each {@code ln -sfn target link} of {@code links} (link → target),
     * as one request to the host.
     */
    public void links(String dir, java.util.Map<String, String> links) {
        runAll(linkCommands(dir, links));
    }

    /**
     * The argv lists of {@link #links}: {@code mkdir -p dir}, then {@code ln -sfn target link} for
     * each of {@code links} (link → target); for a backend that runs them in its own request to
     * the host ({@link io.storagedrivers.spi.VolumeBackend#attachAllThen}).
     */
    public static java.util.List<java.util.List<String>> linkCommands(String dir, java.util.Map<String, String> links) {
        java.util.List<java.util.List<String>> commands = new java.util.ArrayList<>();
        commands.add(java.util.List.of("mkdir", "-p", dir));
        links.forEach((link, target) -> commands.add(java.util.List.of("ln", "-sfn", target, link)));
        return commands;
    }

    /** Runs the argv lists in order, as one request to the host, stopping at the first that fails. */
    public void runAll(java.util.List<java.util.List<String>> argvs) {
        runner.runAll(argvs.stream().map(Command::of).toList());
    }

    /** Removes a file or link; absent is fine. */
    public void remove(String path) {
        runner.run(Command.of(removeArgv(path)));
    }

    /** The argv of {@link #remove}, for a backend that runs it in its own request to the host ({@code detachThen}). */
    public static java.util.List<String> removeArgv(String path) {
        return java.util.List.of("rm", "-f", path);
    }

    /** Removes a directory tree; absent is fine. */
    public void removeTree(String dir) {
        runner.run(Command.of("rm", "-rf", dir));
    }

    public boolean exists(String path) {
        return runner.execute(Command.of("test", "-e", path)).ok();
    }

    /** Writes {@code data} to {@code path} through a temporary name, so a reader never sees half a file. */
    public void write(String path, byte[] data) {
        String tmp = path + ".tmp";
        runner.run(copy.get().ddToFile(tmp, TRANSFER_TIMEOUT).withStdin(data));
        runner.run(Command.of("mv", "-f", tmp, path));
    }

    /** The directory as a tar stream (symlinks kept as links). */
    public byte[] tar(String dir) {
        return runner.run(Command.of("tar", "-C", dir, "-cf", "-", ".").withOutputCap(MAX_TRANSFER)
                .withTimeout(TRANSFER_TIMEOUT)).stdoutBytes();
    }

    public void untar(String dir, byte[] tar) {
        mkdirs(dir);
        runner.run(Command.of("tar", "-C", dir, "-xf", "-").withStdin(tar).withTimeout(TRANSFER_TIMEOUT));
    }
}
