package io.github.lsbaws.server;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes a response on, or discards it, and keeps the code of its status line ("HTTP/1.1 200
 * OK"): what the parent needs of a response it serves itself.
 */
final class StatusLine extends OutputStream {
    private final OutputStream out;
    private final byte[] start = new byte[12];
    private int kept;

    /** out: where the response goes; null: nowhere. */
    StatusLine(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        if (kept < start.length) {
            start[kept++] = (byte) b;
        }
        if (out != null) {
            out.write(b);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int n = Math.min(length, start.length - kept);
        System.arraycopy(bytes, offset, start, kept, n);
        kept += n;
        if (out != null) {
            out.write(bytes, offset, length);
        }
    }

    @Override
    public void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** The status code, 0 if no status line was written. */
    int code() {
        if (kept < start.length) {
            return 0;
        }
        return (start[9] - '0') * 100 + (start[10] - '0') * 10 + (start[11] - '0');
    }
}
