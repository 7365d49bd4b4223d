package io.storagedrivers.exec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Collects output up to a cap; the rest is counted and dropped so a runaway tool cannot exhaust memory. */
public final class CappedOutputStream extends OutputStream {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final int cap;
    private boolean overflowed;

    public CappedOutputStream(int cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
        if (buf.size() < cap) {
            buf.write(b);
        } else {
            overflowed = true;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = cap - buf.size();
        if (len > room) {
            overflowed = true;
        }
        buf.write(b, off, Math.max(0, Math.min(len, room)));
    }

    public synchronized boolean overflowed() {
        return overflowed;
    }

    public synchronized byte[] bytes() {
        return buf.toByteArray();
    }

    public synchronized String text() {
        return new String(buf.toByteArray(), StandardCharsets.UTF_8);
    }
}
