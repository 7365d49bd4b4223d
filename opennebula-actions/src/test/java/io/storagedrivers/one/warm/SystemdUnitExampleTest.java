package io.storagedrivers.one.warm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * examples/systemd/storage-drivers-warm@.service as operators copy it: it runs the service as
 * oneadmin on the socket the shims look for, and its warm-serve arguments parse.
 */
class SystemdUnitExampleTest {

    static final class Probe extends WarmCommand {
        @Override
        protected java.util.Map<String, io.storagedrivers.one.OneCommand> kinds() {
            return java.util.Map.of();
        }
    }

    @Test
    void theUnitServesWhereTheShimsLookAsOneadmin() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(repo.resolve("examples/systemd"))) {
            repo = repo.getParent();
        }
        List<String> lines = Files.readAllLines(repo.resolve("examples/systemd/storage-drivers-warm@.service"));
        assertTrue(lines.contains("User=oneadmin"), lines.toString());
        String exec = lines.stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        List<String> argv = List.of(exec.substring("ExecStart=".length()).split(" "));
        int serve = argv.indexOf("warm-serve");
        // the shims' default: $HOME/.storage-drivers/<jar>.sock, HOME of oneadmin
        assertTrue(exec.contains("/var/lib/one/remotes/lib/storage-drivers/%i.jar"), exec);
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(argv.subList(serve + 1, argv.size()).toArray(String[]::new));
        assertEquals(Path.of("/var/lib/one/.storage-drivers/%i.sock"), probe.socket);
        assertEquals(86400L, probe.idleSeconds);
    }
}
