package io.storagedrivers.one.rpc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The XML-RPC client's share of the class-data-sharing training run ({@code cds-train},
 * {@link io.storagedrivers.one.cds.CdsTraining}), without a connection: the settings found from a
 * session file written in the run's own temporary directory, a request made, the HTTP connection
 * object set up as {@link OneRpcClient} sets it up (never connected: that happens at its first
 * write), and oned's answers, a success and a fault, parsed.
 */
public final class RpcTraining {

    private RpcTraining() {
    }

    /** {@code dir}: the training run's own directory (removed after the run). */
    public static void run(Path dir) throws Exception {
        Path auth = dir.resolve("one_auth");
        Files.writeString(auth, "oneadmin:cds-training\n");
        OneRpcSettings.Found found = OneRpcSettings.find(Map.of("ONE_AUTH", auth.toString(),
                "ONE_XMLRPC", "http://oned.invalid:2633/RPC2", "ONE_XMLRPC_TIMEOUT", "30"));
        OneRpcSettings s = found.settings();
        if (s == null) {
            throw new IllegalStateException("no settings: " + found.why());
        }
        byte[] request = XmlRpc.call("one.vm.info", List.of(s.session().value(), 42, false));
        OneRpcClient.open(s, request.length);
        Object ok = XmlRpc.response(("<?xml version=\"1.0\"?><methodResponse><params><param><value><array><data>"
                + "<value><boolean>1</boolean></value><value><string>&lt;VM&gt;&lt;ID&gt;42&lt;/ID&gt;&lt;/VM&gt;</string>"
                + "</value><value><i4>0</i4></value><value><int>0</int></value></data></array></value></param></params>"
                + "</methodResponse>").getBytes(StandardCharsets.UTF_8));
        if (!(ok instanceof List<?> l) || l.size() != 4) {
            throw new IllegalStateException("unexpected answer " + ok);
        }
        try {
            XmlRpc.response(("<?xml version=\"1.0\"?><methodResponse><fault><value><struct><member><name>faultCode"
                    + "</name><value><int>1</int></value></member><member><name>faultString</name><value><string>x"
                    + "</string></value></member></struct></value></fault></methodResponse>").getBytes(StandardCharsets.UTF_8));
        } catch (XmlRpc.Fault expected) {
            s.session().redact(expected.getMessage());
        }
    }
}
