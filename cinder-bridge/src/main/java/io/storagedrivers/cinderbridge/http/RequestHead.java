package io.storagedrivers.cinderbridge.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;

/**
 * The head of one HTTP/1.1 request (request line and header fields), read strictly: anything
 * malformed is a {@link HttpRefusal} 400, a head larger than the limit 413.
 * Only what the bridge's clients send is accepted: origin-form targets, a Content-Length body, no
 * chunked transfer coding, no obsolete line folding.
 */
record RequestHead(String method, URI uri, Headers headers, long contentLength) {
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
    private static final Pattern FIELD_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final int MAX_FIELDS = 64;

    /**
     * Reads a head of at most {@code maxBytes}. Returns null when the connection closed before
     * the first byte (a client that connected and went away).
     */
    static RequestHead read(InputStream in, int maxBytes) throws IOException {
        int[] budget = {maxBytes};
        String requestLine = line(in, budget, true);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !METHOD.matcher(parts[0]).matches() || !parts[1].startsWith("/")
                || !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))) {
            throw HttpRefusal.invalid("malformed request line");
        }
        URI uri;
        try {
            uri = new URI(parts[1]);
        } catch (URISyntaxException e) {
            throw HttpRefusal.invalid("malformed request target");
        }
        Headers headers = new Headers();
        int fields = 0;
        for (String field = line(in, budget, false); !field.isEmpty(); field = line(in, budget, false)) {
            int colon = field.indexOf(':');
            if (colon <= 0 || !FIELD_NAME.matcher(field.substring(0, colon)).matches()) {
                throw HttpRefusal.invalid("malformed header field");
            }
            if (++fields > MAX_FIELDS) {
                throw HttpRefusal.tooLarge("more than " + MAX_FIELDS + " header fields");
            }
            headers.add(field.substring(0, colon), field.substring(colon + 1).strip());
        }
        if (headers.containsKey("Transfer-Encoding")) {
            throw HttpRefusal.invalid("Transfer-Encoding is not supported; send Content-Length");
        }
        return new RequestHead(parts[0], uri, headers, contentLength(headers));
    }

    private static long contentLength(Headers headers) {
        var values = headers.get("Content-Length");
        if (values == null) {
            return 0;
        }
        if (values.size() != 1 || !values.get(0).matches("\\d{1,12}")) {
            throw HttpRefusal.invalid("malformed Content-Length");
        }
        return Long.parseLong(values.get(0));
    }

    /** One CRLF-terminated line of printable ASCII; null at end of stream before the first byte. */
    private static String line(InputStream in, int[] budget, boolean first) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (first && buf.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside the request head");
            }
            if (--budget[0] < 0) {
                throw HttpRefusal.tooLarge("request head larger than allowed");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw HttpRefusal.invalid("bare CR in the request head");
                }
                budget[0]--;
                return buf.toString(StandardCharsets.US_ASCII);
            }
            if (b == '\n' || (b < 0x20 && b != '\t') || b >= 0x7f) {
                throw HttpRefusal.invalid("invalid byte 0x" + Integer.toHexString(b).toUpperCase(Locale.ROOT)
                        + " in the request head");
            }
            if (buf.size() == 0 && !first && (b == ' ' || b == '\t')) {
                throw HttpRefusal.invalid("obsolete line folding in the request head");
            }
            buf.write(b);
        }
    }
}
