package io.storagedrivers.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.testsupport.TestBed;

/** Standard input streamed over SSH (images piped into dd on a host) arrives byte for byte. */
class SshStdinStreamIT {

    @Test
    void streamedStdinArrivesIntact() throws Exception {
        TestBed tb = TestBed.require();
        try (DefaultRunners runners = new DefaultRunners(SshConfig.load(List.of(tb.sshConfig()), true), Set.of())) {
            CommandRunner host = runners.host(tb.hosts().get(0));
            byte[] data = new byte[24 * 1024 * 1024 + 123];
            new Random(5).nextBytes(data);
            String want = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            try (InputStream in = new ByteArrayInputStream(data)) {
                String out = host.run(Command.of("sha256sum"), in).stdout();
                assertEquals(want + "  -\n", out);
            }
            // an empty stream is an immediate EOF, and bytes plus a stream are refused
            assertEquals("0\n", host.run(Command.of("wc", "-c"), InputStream.nullInputStream()).stdout());
            assertThrows(IllegalArgumentException.class,
                    () -> host.execute(Command.of("cat").withStdin(new byte[1]), InputStream.nullInputStream()));
        }
    }
}
