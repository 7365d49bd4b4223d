package io.storagedrivers.one.warm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What the shim eval's: {@code printf %s '<stdout>'}, the same to stderr, {@code exit <code>}.
 * Each stream is one single-quoted word (a {@code '} inside is {@code '\''}), so every byte but
 * NUL reaches the shim's stdout/stderr as the action wrote it; the text comes from this service,
 * never from the request. The exit line is last: the shim runs nothing that does not end with it.
 */
final class WarmReply {
    private WarmReply() {
    }

    static byte[] script(byte[] stdout, byte[] stderr, int exit) {
        ByteArrayOutputStream s = new ByteArrayOutputStream(stdout.length + stderr.length + 64);
        s.writeBytes("# storage-drivers warm reply\n".getBytes(StandardCharsets.US_ASCII));
        if (stdout.length > 0) {
            s.writeBytes("printf %s ".getBytes(StandardCharsets.US_ASCII));
            quote(s, stdout);
            s.write('\n');
        }
        if (stderr.length > 0) {
            s.writeBytes("printf %s ".getBytes(StandardCharsets.US_ASCII));
            quote(s, stderr);
            s.writeBytes(" >&2\n".getBytes(StandardCharsets.US_ASCII));
        }
        s.writeBytes(("exit " + exit).getBytes(StandardCharsets.US_ASCII));
        return s.toByteArray();
    }

    private static void quote(ByteArrayOutputStream s, byte[] data) {
        s.write('\'');
        for (byte b : data) {
            if (b == '\'') {
                s.writeBytes("'\\''".getBytes(StandardCharsets.US_ASCII));
            } else if (b != 0) { // a shell word cannot hold NUL; no action prints one
                s.write(b);
            }
        }
        s.write('\'');
    }
}
