package io.storagedrivers.exec.copy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.storagedrivers.spi.Progress;

/**
 * Reports how much of a stream has been read (an image streamed to a copy host), and counts the
 * bytes in all-zero blocks of {@code block} bytes, aligned to the start of the stream: exactly the
 * blocks that {@code dd bs=<block> iflag=fullblock conv=sparse} on the other end skips.
 */
final class CountingInputStream extends FilterInputStream {
    private final Progress progress;
    private final long total;
    private final long block;
    private long done;
    private long inBlock; // bytes of the current block seen so far
    private boolean blockIsZero = true;
    private long zeroBytes;

    CountingInputStream(InputStream in, Progress progress, long total, long block) {
        super(in);
        this.progress = progress;
        this.total = total;
        this.block = block;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            scan(new byte[] {(byte) b}, 0, 1);
            advance(1);
        } else {
            endOfStream();
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            scan(buf, off, n);
            advance(n);
        } else if (n < 0) {
            endOfStream();
        }
        return n;
    }

    /** Bytes in all-zero blocks so far (the last, partial block counts once the stream ended). */
    long zeroBytes() {
        return zeroBytes;
    }

    private void scan(byte[] buf, int off, int n) {
        for (int i = off; i < off + n; i++) {
            blockIsZero &= buf[i] == 0;
            if (++inBlock == block) {
                closeBlock();
            }
        }
    }

    private void endOfStream() {
        if (inBlock > 0) {
            closeBlock();
        }
    }

    private void closeBlock() {
        if (blockIsZero) {
            zeroBytes += inBlock;
        }
        inBlock = 0;
        blockIsZero = true;
    }

    private void advance(long n) {
        done += n;
        progress.report(Math.min(done, total), total);
    }
}
