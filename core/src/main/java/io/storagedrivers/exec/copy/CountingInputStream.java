package io.storagedrivers.exec.copy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.storagedrivers.spi.Progress;

/** Reports how much of a stream has been read (an image streamed to a copy host). */
final class CountingInputStream extends FilterInputStream {
    private final Progress progress;
    private final long total;
    private long done;

    CountingInputStream(InputStream in, Progress progress, long total) {
        super(in);
        this.progress = progress;
        this.total = total;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    private void advance(long n) {
        done += n;
        progress.report(Math.min(done, total), total);
    }
}
