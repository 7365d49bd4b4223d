package io.storagedrivers.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One of OpenNebula's driver runners ({@code one_tm}, {@code one_datastore}) as oned talks to it:
 * request lines on its stdin, {@code LOG <sev> <id> <msg>} and {@code <ACTION> SUCCESS|FAILURE <id>
 * [info]} lines on its stdout. A reader thread queues the lines, so a test waits for the answer
 * (never for a fixed time); the hang guard is generous.
 */
public final class OneRunner implements AutoCloseable {
    /** Upper bound for one answer: only a hung runner takes this long. */
    private static final long HANG_GUARD_MINUTES = 15;
    private static final String EOF = "\u0000eof";

    /** The runner's answer to one request: success, its info text, the LOG lines before it. */
    public record Answer(String action, boolean success, String info, List<String> logs) {
        /** This answer, or an AssertionError with the runner's failure message and logs. */
        public Answer ok() {
            if (!success) {
                throw new AssertionError(action + " failed: " + info + "\n" + String.join("\n", logs));
            }
            return this;
        }

        /** The info field base64-decoded (one_datastore encodes the MONITOR answer). */
        public String decodedInfo() {
            return new String(Base64.getDecoder().decode(info), StandardCharsets.UTF_8);
        }

        /** The messages of the {@code LOG <sev> <id>} lines, without that prefix. */
        public List<String> logMessages(char severity, int id) {
            String prefix = "LOG " + severity + " " + id + " ";
            return logs.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
        }
    }

    private final String name;
    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Every line the runner wrote, for a failure message. */
    private final List<String> transcript = java.util.Collections.synchronizedList(new ArrayList<>());

    OneRunner(String name, Process process) {
        this.name = name;
        this.process = process;
        this.in = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    transcript.add(l);
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("LOG E -1 reader: " + e.getMessage());
            }
            lines.add(EOF);
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends one request line (oned's message, without the newline). */
    public synchronized void send(String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /**
     * Sends {@code request} and waits for the line {@code <action> SUCCESS|FAILURE <id>...}; the LOG
     * lines that came before it are part of the answer. Requests are answered one at a time here.
     */
    public synchronized Answer request(String request, String action, String id) throws IOException,
            InterruptedException {
        send(request);
        return await(action, id);
    }

    /** Waits for the answer to {@code action} for {@code id} (see {@link #request}). */
    public Answer await(String action, String id) throws InterruptedException, IOException {
        List<String> logs = new ArrayList<>();
        String ok = action + " SUCCESS " + id;
        String failed = action + " FAILURE " + id;
        Predicate<String> answer = l -> l.equals(ok) || l.startsWith(ok + " ") || l.equals(failed)
                || l.startsWith(failed + " ");
        while (true) {
            String l = lines.poll(HANG_GUARD_MINUTES, TimeUnit.MINUTES);
            if (l == null || l.equals(EOF)) {
                throw new IOException(name + (l == null ? " did not answer " : " ended without answering ") + action
                        + " " + id + "; it wrote:\n" + String.join("\n", transcript));
            }
            if (answer.test(l)) {
                boolean success = l.startsWith(ok);
                String info = l.substring((success ? ok : failed).length()).strip();
                return new Answer(action, success, info, logs);
            }
            logs.add(l);
        }
    }

    /** Every line the runner wrote so far. */
    public List<String> transcript() {
        synchronized (transcript) {
            return List.copyOf(transcript);
        }
    }

    /** FINALIZE, as oned sends when it stops; the runner exits. */
    @Override
    public void close() throws InterruptedException {
        try {
            send("FINALIZE");
            in.close();
        } catch (IOException gone) {
            // it ended already
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
