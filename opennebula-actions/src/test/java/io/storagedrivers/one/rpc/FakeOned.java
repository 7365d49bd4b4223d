package io.storagedrivers.one.rpc;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in oned for unit tests, on the JDK's HttpServer at 127.0.0.1: each POST body goes to
 * {@code answer}, which gives the HTTP body (status 200) or, via {@link Status}, another status.
 * Records every request body and the client port it came from (one port: one kept-alive connection).
 */
public final class FakeOned implements AutoCloseable {
    /** An answer with another HTTP status. */
    public record Status(int code, String body) {
    }

    public final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    public final List<Integer> clientPorts = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;

    public FakeOned(Function<String, Object> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/RPC2", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(body);
            clientPorts.add(x.getRemoteAddress().getPort());
            Object a = answer.apply(body);
            Status s = a instanceof Status st ? st : new Status(200, (String) a);
            byte[] out = s.body().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/xml");
            x.sendResponseHeaders(s.code(), out.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(out);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-oned");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/RPC2";
    }

    /** oned's answer {@code [ok, text, code]} as xmlrpc-c writes it. */
    public static String answer(boolean ok, String text, int code) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<methodResponse>\r\n"
                + "<params>\r\n<param><value><array><data>\r\n<value><boolean>" + (ok ? 1 : 0) + "</boolean></value>\r\n"
                + "<value><string>");
        XmlRpc.escape(sb, text);
        return sb.append("</string></value>\r\n<value><i4>").append(code).append("</i4></value>\r\n")
                .append(ok ? "" : "<value><i4>-1</i4></value>\r\n")
                .append("</data></array></value></param>\r\n</params>\r\n</methodResponse>\r\n").toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
