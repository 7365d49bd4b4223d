package io.storagedrivers.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** {@link OneCommand#runDirect}: what a main runs without picocli, and what it leaves to picocli. */
class OneCommandTest {

    private static final class Kind extends OneCommand {
        Kind(String kind) {
            super(kind, Map.of("stat", new OneAction() {
                @Override
                public String name() {
                    return "stat";
                }

                @Override
                public void run(List<String> args, ActionContext ctx) {
                }
            }), (r, env) -> {
                throw new AssertionError("not opened for an unknown action");
            }, () -> {
                throw new AssertionError("not opened for an unknown action");
            });
        }
    }

    @Test
    void helpOptionsAndOtherCommandsAreLeftToPicocli() {
        for (String[] argv : List.of(new String[] {}, new String[] {"tm"}, new String[] {"tm", "-h"},
                new String[] {"tm", "--help"}, new String[] {"ds", "@args"}, new String[] {"storage", "volumes"},
                new String[] {"--debug", "tm", "resize"}, new String[] {"tm", "Resize"})) {
            assertTrue(OneCommand.runDirect(argv, () -> new Kind("ds"), () -> new Kind("tm")).isEmpty(),
                    String.join(" ", argv));
        }
    }

    @Test
    void anActionCallGoesToItsKindWithTheProcessStreams() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        OptionalInt ds;
        OptionalInt tm;
        try {
            ds = OneCommand.runDirect(new String[] {"ds", "nosuch", "-1"}, () -> new Kind("ds"), () -> new Kind("tm"));
            tm = OneCommand.runDirect(new String[] {"tm", "no_such"}, () -> new Kind("ds"), () -> new Kind("tm"));
        } finally {
            System.setErr(err);
        }
        assertEquals(OptionalInt.of(2), ds);
        assertEquals(OptionalInt.of(2), tm);
        assertEquals("unknown ds action 'nosuch' (known: stat)\nunknown tm action 'no_such' (known: stat)\n",
                captured.toString(StandardCharsets.UTF_8));
    }
}
