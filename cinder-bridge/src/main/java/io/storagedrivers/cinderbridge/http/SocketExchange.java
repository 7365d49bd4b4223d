package io.storagedrivers.cinderbridge.http;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

/**
 * One request/response on a connection of {@link RequestServer}, in the shape {@link ApiHandler} already
 * handles (the JDK's HttpExchange API). One exchange per connection: every response says
 * {@code Connection: close}. There is no HttpContext (the handler does not use it) and no
 * internet address: the peer is whoever could open the socket file.
 */
final class SocketExchange extends HttpExchange {
    private static final InetSocketAddress NO_ADDRESS = InetSocketAddress.createUnresolved("localhost", 0);

    private final RequestHead head;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private InputStream body;
    private OutputStream out;
    private int status = -1;
    private long remaining;

    SocketExchange(RequestHead head, InputStream body, OutputStream out) {
        this.head = head;
        this.body = body;
        this.out = out;
    }

    @Override
    public Headers getRequestHeaders() {
        return head.headers();
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return head.uri();
    }

    @Override
    public String getRequestMethod() {
        return head.method();
    }

    @Override
    public HttpContext getHttpContext() {
        return null;
    }

    @Override
    public InputStream getRequestBody() {
        return body;
    }

    /** The body stream: exactly the length announced in {@link #sendResponseHeaders}. */
    @Override
    public OutputStream getResponseBody() {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (status < 0 || len > remaining) {
                    throw new IOException("response body does not match the announced length");
                }
                remaining -= len;
                out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    /**
     * Writes the status line and headers. {@code length} as in the JDK: {@code > 0} that many
     * bytes, {@code -1} none; {@code 0} (chunked there) is not offered, the handler never uses it.
     */
    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (status >= 0) {
            throw new IOException("headers already sent");
        }
        if (length == 0) {
            throw new IOException("chunked responses are not supported");
        }
        status = code;
        remaining = Math.max(length, 0);
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
        responseHeaders.set("Content-Length", Long.toString(remaining));
        responseHeaders.set("Connection", "close");
        for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
            for (String v : e.getValue()) {
                sb.append(e.getKey()).append(": ").append(v).append("\r\n");
            }
        }
        out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static String reason(int code) {
        return switch (code) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 507 -> "Insufficient Storage";
            default -> "Status";
        };
    }

    /** Whether the handler answered (the connection then closes either way). */
    boolean answered() {
        return status >= 0;
    }

    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            // the peer went away: nothing to tell it
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return NO_ADDRESS;
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return NO_ADDRESS;
    }

    @Override
    public String getProtocol() {
        return "HTTP/1.1";
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            body = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }
}
