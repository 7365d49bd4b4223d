package io.storagedrivers.one.cds;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;

/**
 * Runners of the training run ({@link CdsTraining}) that run nothing: every command, here or on a
 * host, gets its answer from {@code replies} (the driver's canned LVM reports, say), and
 * {@code onevm} / {@code onedatastore show -x} get the training documents. Which commands were asked
 * for is kept, so a test can see what the actions would have run.
 */
final class CannedRunners implements Runners {

    private final TrainingDocs docs;
    private final Function<Command, CommandResult> replies;
    private final List<String> asked;

    CannedRunners(TrainingDocs docs, Function<Command, CommandResult> replies, List<String> asked) {
        this.docs = docs;
        this.replies = replies;
        this.asked = asked;
    }

    @Override
    public CommandRunner local() {
        return new Canned("local");
    }

    @Override
    public CommandRunner host(String host) {
        return new Canned(host);
    }

    @Override
    public void close() {
        // nothing is open
    }

    /** The OpenNebula tool's answer, or the driver's. */
    private CommandResult answer(Command c) {
        List<String> argv = c.argv();
        String program = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        if ((program.equals("onevm") || program.equals("onedatastore")) && argv.size() == 4) {
            int id = Integer.parseInt(argv.get(3));
            String xml = program.equals("onevm") ? docs.vm(id) : docs.datastore(id);
            return ok(c, xml);
        }
        CommandResult r = replies.apply(c);
        return r != null ? r : ok(c, "");
    }

    static CommandResult ok(Command c, String stdout) {
        return new CommandResult(c, 0, stdout.getBytes(StandardCharsets.UTF_8), "", false);
    }

    private final class Canned implements CommandRunner {
        private final String where;

        Canned(String where) {
            this.where = where;
        }

        @Override
        public String where() {
            return where;
        }

        @Override
        public boolean runsAsRoot() {
            return false;
        }

        @Override
        public CommandResult execute(Command command) {
            synchronized (asked) {
                asked.add(where + ": " + String.join(" ", command.argv()));
            }
            return answer(command);
        }

        @Override
        public CommandResult execute(Command command, java.io.InputStream stdin) {
            return execute(command);
        }
    }
}
