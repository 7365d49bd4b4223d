package io.storagedrivers.one.warm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.storagedrivers.exec.Bytes;

/**
 * One action request from a shim: an HTTP/1.1 POST of {@code multipart/form-data} as the shims'
 * perl client (remotes/lib/storage-drivers.sh) or curl send it (fixed length or chunked), with
 * the fields {@code pid} (the shim's pid, whose environment the action runs with), {@code remotes}
 * (STORAGE_DRIVERS_REMOTES), {@code arg} (repeated: {@code ds|tm ACTION ARGS...}) and
 * {@code stdin}. Anything else is a {@link BadRequest}.
 */
record WarmRequest(long pid, String remotes, List<String> args, byte[] stdin) {
    /** Far above any action document or VM XML (their own limits are 4 and 16 MiB). */
    static final int MAX_BODY = 64 * 1024 * 1024;
    private static final int MAX_HEAD = 64 * 1024;
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");

    static final class BadRequest extends IOException {
        BadRequest(String m) {
            super(m);
        }
    }

    static WarmRequest read(InputStream in) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        if (!lines[0].startsWith("POST /run ")) {
            throw new BadRequest("expected POST /run, got " + lines[0]);
        }
        String type = null;
        long length = -1;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String k = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String v = lines[i].substring(colon + 1).strip();
            switch (k) {
                case "content-type" -> type = v;
                case "content-length" -> length = Long.parseLong(v);
                case "transfer-encoding" -> chunked = v.equalsIgnoreCase("chunked");
                default -> { }
            }
        }
        Matcher b = BOUNDARY.matcher(type == null ? "" : type);
        if (type == null || !type.startsWith("multipart/form-data") || !b.find()) {
            throw new BadRequest("expected multipart/form-data, got " + type);
        }
        byte[] body = chunked ? readChunked(in) : readFixed(in, length);
        return parse(body, b.group(1));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0 || head.size() > MAX_HEAD) {
                throw new BadRequest("incomplete request head");
            }
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
                    : (c == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readFixed(InputStream in, long length) throws IOException {
        if (length < 0 || length > MAX_BODY) {
            throw new BadRequest("bad Content-Length " + length);
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) {
            throw new BadRequest("request body cut short");
        }
        return body;
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers: none expected, skipped
                }
                return body.toByteArray();
            }
            if (size < 0 || body.size() + size > MAX_BODY) {
                throw new BadRequest("request body too large");
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new BadRequest("request body cut short");
            }
            body.writeBytes(chunk);
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0 || sb.length() > 1024) {
                throw new BadRequest("bad chunk framing");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    static WarmRequest parse(byte[] body, String boundary) throws BadRequest {
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] first = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        if (Bytes.indexOf(body, first, 0) != 0) {
            throw new BadRequest("multipart body does not start with its boundary");
        }
        long pid = -1;
        String remotes = null;
        List<String> args = new ArrayList<>();
        byte[] stdin = null;
        int pos = first.length;
        while (true) {
            if (pos + 2 <= body.length && body[pos] == '-' && body[pos + 1] == '-') {
                break; // closing delimiter
            }
            int headStart = pos + 2; // after CRLF
            int headEnd = Bytes.indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headStart);
            int next = headEnd < 0 ? -1 : Bytes.indexOf(body, delimiter, headEnd + 4);
            if (headEnd < 0 || next < 0) {
                throw new BadRequest("malformed multipart body");
            }
            Matcher m = NAME.matcher(new String(body, headStart, headEnd - headStart, StandardCharsets.UTF_8));
            if (!m.find()) {
                throw new BadRequest("multipart part without a name");
            }
            byte[] value = java.util.Arrays.copyOfRange(body, headEnd + 4, next);
            String text = new String(value, StandardCharsets.UTF_8);
            switch (m.group(1)) {
                case "pid" -> pid = Long.parseLong(text);
                case "remotes" -> remotes = text;
                case "arg" -> args.add(text);
                case "stdin" -> stdin = value;
                default -> throw new BadRequest("unknown field " + m.group(1));
            }
            pos = next + delimiter.length;
        }
        if (pid <= 0 || remotes == null || stdin == null || args.size() < 2) {
            throw new BadRequest("incomplete request (pid, remotes, stdin and at least ds|tm ACTION are needed)");
        }
        return new WarmRequest(pid, remotes, List.copyOf(args), stdin);
    }
}
