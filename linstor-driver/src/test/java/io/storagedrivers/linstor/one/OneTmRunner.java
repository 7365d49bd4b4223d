package io.storagedrivers.linstor.one;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.storagedrivers.testsupport.ShimHarness;

/**
 * OpenNebula's own transfer-manager runner ({@code one_tm.rb} from {@code ../shared/opennebula},
 * laid out by its {@code layout.sh}) with this project's {@code remotes/tm/linstor} and
 * {@code remotes/lib} installed next to OpenNebula's drivers, started as oned starts it
 * ({@code -d linstor,ssh,shared}): a test writes a transfer file and reads the runner's
 * {@code LOG}/{@code TRANSFER} answer, as oned does. The shims run with the harness's environment
 * (onevm/onedatastore stand-ins, the test-bed SSH config, the built jars).
 * A small harness of this module's own; to converge with the general runner tier.
 */
final class OneTmRunner implements AutoCloseable {
    /** The runner's answer to one TRANSFER: success or not, the info text, the LOG lines before it. */
    record Answer(boolean success, String info, List<String> logs) {
        Answer ok() {
            if (!success) {
                throw new AssertionError("TRANSFER failed: " + info + "\n" + String.join("\n", logs));
            }
            return this;
        }
    }

    private final Path one;
    private final Process runner;
    private final Writer in;
    private final BufferedReader out;
    private int files;

    OneTmRunner(ShimHarness stage) throws IOException, InterruptedException {
        this.one = stage.work.resolve("one");
        Path shared = stage.repo.resolve("../shared/opennebula").normalize();
        run(List.of("bash", shared.resolve("layout.sh").toString(), one.toString()));
        Path remotes = one.resolve("var/remotes");
        run(List.of("cp", "-a", stage.repo.resolve("remotes/tm/linstor").toString(), remotes.resolve("tm").toString()));
        run(List.of("cp", "-a", stage.repo.resolve("remotes/lib").toString(), remotes.toString()));
        ProcessBuilder pb = new ProcessBuilder("ruby", one.resolve("lib/mads/one_tm.rb").toString(), "-t", "1", "-d",
                "linstor,ssh,shared");
        pb.environment().clear();
        pb.environment().putAll(stage.env);
        pb.environment().putAll(Map.of("RUBYLIB", one.resolve("lib/ruby").toString(), "ONE_LOCATION", one.toString()));
        pb.directory(stage.work.toFile());
        pb.redirectError(ProcessBuilder.Redirect.appendTo(stage.work.resolve("one_tm.stderr").toFile()));
        runner = pb.start();
        in = new java.io.OutputStreamWriter(runner.getOutputStream(), StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(argv + " failed: " + text);
        }
    }

    /** Runs the transfer file {@code lines} for VM {@code vmId} and waits for the runner's answer. */
    Answer transfer(int vmId, String... lines) throws IOException {
        Path file = one.resolve("transfer." + vmId + "." + files++);
        Files.writeString(file, String.join("\n", lines) + "\n");
        in.write("TRANSFER " + vmId + " " + file + "\n");
        in.flush();
        List<String> logs = new ArrayList<>();
        String prefix = "TRANSFER ";
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("LOG ")) {
                logs.add(line);
            } else if (line.startsWith(prefix + "SUCCESS " + vmId) || line.startsWith(prefix + "FAILURE " + vmId)) {
                boolean ok = line.startsWith(prefix + "SUCCESS");
                String info = line.substring((prefix + (ok ? "SUCCESS " : "FAILURE ") + vmId).length()).strip();
                return new Answer(ok, info, logs);
            }
        }
        throw new IOException("one_tm.rb ended without answering TRANSFER " + vmId);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        try {
            in.write("FINALIZE\n");
            in.close();
        } catch (IOException gone) {
            // the runner ended already
        }
        if (!runner.waitFor(10, TimeUnit.SECONDS)) {
            runner.destroyForcibly();
        }
    }
}
