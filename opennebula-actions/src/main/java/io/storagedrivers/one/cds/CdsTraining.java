package io.storagedrivers.one.cds;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.storagedrivers.cds.ClassesByName;
import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.LocalCommandRunner;
import io.storagedrivers.exec.ssh.SshTraining;
import io.storagedrivers.lock.FileLocks;
import io.storagedrivers.one.OneCommand;

/**
 * The hidden verb {@code cds-train} of the driver jars: the training run of their class-data-sharing
 * archive ({@code <jar>.jsa}, made by install.sh and the packages with
 * {@code -XX:ArchiveClassesAtExit}). A cold action (a JVM per action) loads its classes from the
 * archive when this run loaded them, so it loads, in one JVM, what cold actions load: the ds and tm
 * actions on OpenNebula's documents down to the backend (XML, validation, the backend's commands
 * and the parsing of their answers, the reply, an error reply), the process launcher, oned's
 * XML-RPC client ({@link io.storagedrivers.one.rpc.RpcTraining}) and the SSH client's setup and
 * handshake classes ({@link SshTraining}).
 *
 * <p>Harmless by construction: every command the actions ask for is answered by
 * {@link CannedRunners} (nothing runs, no host is reached); the one process start tried is of a
 * program that does not exist; oned is not asked (the actions run with the API switched off);
 * the backend's locks and the XML-RPC client's session file go to a temporary directory that is
 * removed at the end; the driver config is looked for in that directory too (so none is read);
 * action output goes nowhere. What the JVM writes is the archive.
 */
public final class CdsTraining {

    /** The verb, as the mains recognise it. */
    public static final String VERB = "cds-train";

    /**
     * What a driver trains with.
     *
     * @param docs    its documents (names, SOURCE, pool attributes)
     * @param ds      its {@code ds} command
     * @param tm      its {@code tm} command
     * @param replies canned answers to its backend's commands (null: exit 0, no output)
     * @param extras  its own steps (clients a backend builds, say), run after the actions
     */
    public record Driver(TrainingDocs docs, Supplier<? extends OneCommand> ds, Supplier<? extends OneCommand> tm,
                         Function<Command, CommandResult> replies, Map<String, Runnable> extras) {
    }

    /**
     * What the run did.
     *
     * @param exits  each action and its exit code
     * @param asked  the commands the actions asked for (answered, never run)
     * @param failed the steps that failed (beyond the actions, which may fail on canned answers)
     */
    public record Result(List<String> exits, List<String> asked, List<String> failed) {
    }

    /**
     * What a command that runs loads beyond a start that fails (its pipes, exit completion, output
     * pumps), loaded by name: JDK internals, so a name another JDK lacks is skipped.
     */
    private static final List<String> PROCESS_CLASSES = List.of("java.lang.ProcessImpl$1",
            "java.lang.ProcessImpl$ProcessPipeOutputStream", "java.lang.ProcessImpl$ProcessPipeInputStream",
            "java.lang.Process$PipeInputStream", "java.lang.ProcessHandleImpl$ExitCompletion",
            "java.lang.ProcessHandleImpl$1", "java.util.concurrent.CompletableFuture$AltResult",
            "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor", "java.util.concurrent.CompletableFuture$UniHandle",
            "java.util.concurrent.ThreadPoolExecutor$Worker", "java.lang.ProcessBuilder$NullInputStream",
            "java.lang.ProcessBuilder$NullOutputStream", "java.io.FileOutputStream$1", "jdk.internal.event.ProcessStartEvent",
            "org.apache.commons.exec.StreamPumper", "org.apache.commons.exec.ThreadUtil", "java.lang.Thread$State",
            "java.util.function.IntSupplier");

    private CdsTraining() {
    }

    /**
     * The verb: runs the training; the failed steps on stderr (exit 1), else nothing (exit 0). With
     * {@code STORAGE_DRIVERS_DEBUG=1}, also each action's exit code and the commands it asked for.
     */
    public static int main(Driver driver) {
        Result r = run(driver);
        if (io.storagedrivers.cli.DriverMain.debugEnabled()) {
            r.exits().forEach(e -> System.err.println("cds-train: exit " + e));
            r.asked().forEach(a -> System.err.println("cds-train: asked " + a));
        }
        r.failed().forEach(f -> System.err.println("cds-train: " + f));
        return r.failed().isEmpty() ? 0 : 1;
    }

    public static Result run(Driver driver) {
        List<String> exits = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Path tmp;
        try {
            tmp = Files.createTempDirectory("storage-drivers-cds-");
        } catch (IOException e) {
            failed.add("temporary directory: " + e.getMessage());
            return new Result(exits, asked, failed);
        }
        String before = System.getProperty(FileLocks.DIR_PROPERTY);
        System.setProperty(FileLocks.DIR_PROPERTY, tmp.toString());
        try {
            actions(driver, tmp, exits, asked);
            processStart(failed);
            try {
                io.storagedrivers.one.rpc.RpcTraining.run(tmp);
            } catch (Exception | LinkageError e) {
                failed.add("oned's XML-RPC client: " + e);
            }
            failed.addAll(SshTraining.run());
            driver.extras().forEach((name, step) -> {
                try {
                    step.run();
                } catch (RuntimeException | LinkageError e) {
                    failed.add(name + ": " + e);
                }
            });
        } finally {
            if (before == null) {
                System.clearProperty(FileLocks.DIR_PROPERTY);
            } else {
                System.setProperty(FileLocks.DIR_PROPERTY, before);
            }
            removeTree(tmp, failed);
        }
        return new Result(exits, asked, failed);
    }

    private static void actions(Driver d, Path tmp, List<String> exits, List<String> asked) {
        TrainingDocs docs = d.docs();
        String vmDir = TrainingDocs.LOCATION + "/" + TrainingDocs.SYSTEM_DS + "/" + TrainingDocs.VM;
        String vm = Integer.toString(TrainingDocs.VM);
        String sys = Integer.toString(TrainingDocs.SYSTEM_DS);
        String img = Integer.toString(TrainingDocs.IMAGE_DS);
        String image = Integer.toString(TrainingDocs.IMAGE);
        // oned is never asked: its documents come from the canned onevm / onedatastore (the API's
        // client is trained without a connection: RpcTraining)
        Map<String, String> env = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "STORAGE_DRIVERS_REMOTES", tmp.toString(),
                "STORAGE_DRIVERS_LOCK_DIR", tmp.toString(), io.storagedrivers.one.rpc.OneRpcSettings.SWITCH, "0");
        OneCommand tm = d.tm().get();
        OneCommand ds = d.ds().get();
        CannedRunners runners = new CannedRunners(docs, d.replies() == null ? c -> null : d.replies(), asked);
        run(exits, tm, env, runners, "", "mkimage", "8", "raw", "host1:" + vmDir + "/disk.0", vm, sys);
        run(exits, tm, env, runners, "", "clone", "frontend:" + docs.imageSource(), "host1:" + vmDir + "/disk.2", vm, img);
        run(exits, tm, env, runners, "", "ln", "frontend:" + docs.imageSource(), "host1:" + vmDir + "/disk.3", vm, img);
        run(exits, tm, env, runners, "", "resize", "host1:" + vmDir + "/disk.0", "16", vm, sys);
        run(exits, tm, env, runners, "", "resize", "host1:" + vmDir + "/disk.0", "sixteen", vm, sys); // an error reply
        run(exits, tm, env, runners, docs.vmOnStdin(), "premigrate", "host1", "host2", vmDir, vm, sys);
        run(exits, tm, env, runners, docs.vmOnStdin(), "postmigrate", "host1", "host2", vmDir, vm, sys);
        run(exits, tm, env, runners, "", "delete", "host2:" + vmDir + "/disk.0", vm, sys);
        run(exits, tm, env, runners, "", "delete", "host2:" + vmDir, vm, sys);
        run(exits, tm, env, runners, docs.monitorAction(TrainingDocs.SYSTEM_DS), "monitor", sys);
        run(exits, ds, env, runners, docs.imageAction(), "stat", image);
        run(exits, ds, env, runners, docs.imageAction(), "mkfs", image);
        run(exits, ds, env, runners, docs.imageAction(), "clone", image);
        run(exits, ds, env, runners, docs.imageAction(), "rm", image);
        run(exits, ds, env, runners, docs.monitorAction(TrainingDocs.IMAGE_DS), "monitor", img);
    }

    private static void run(List<String> exits, OneCommand kind, Map<String, String> env, CannedRunners runners,
                            String stdin, String action, String... args) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream err = io.storagedrivers.cli.DriverMain.debugEnabled() ? System.err : nowhere;
        int code = kind.run(action, List.of(args), nowhere, err,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII)), env, () -> runners);
        exits.add(action + " " + code);
    }

    /**
     * The process launcher up to the exec (Commons Exec, the JDK's process classes, the output
     * pumps): a program that does not exist, so the exec fails and nothing runs.
     */
    private static void processStart(List<String> failed) {
        try {
            new LocalCommandRunner().execute(Command.of("/nonexistent/storage-drivers-cds-training", "--cds-train"));
            failed.add("process start: a program that does not exist ran");
        } catch (CommandFailedException expected) {
            // START_FAILED
        } catch (RuntimeException e) {
            failed.add("process start: " + e);
        }
        ClassesByName.load(PROCESS_CLASSES, CdsTraining.class.getClassLoader());
    }

    /**
     * The program a command runs, past {@code sudo}, its options and {@code env}-style assignments
     * (a frontend's LVM commands go through {@code sudo -n}): the name drivers answer by.
     */
    public static String program(Command c) {
        for (String a : c.argv()) {
            String name = a.substring(a.lastIndexOf('/') + 1);
            if (!name.equals("sudo") && !name.equals("env") && !a.startsWith("-") && !a.contains("=")) {
                return name;
            }
        }
        return "";
    }

    private static void removeTree(Path dir, List<String> failed) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            failed.add("removing " + dir + ": " + e.getMessage());
        }
    }
}
