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

    /**
     * What an exchange with oned loads beyond the connection object (the JDK's HTTP client sending,
     * keeping the connection, reading the answer; our answer record), loaded by name.
     */
    private static final List<String> EXCHANGE_CLASSES = List.of("sun.net.NetworkClient", "sun.net.NetworkClient$1",
            "sun.net.www.http.HttpClient", "sun.net.www.http.KeepAliveCache", "sun.net.www.http.KeepAliveCache$1",
            "sun.net.www.http.KeepAliveKey", "sun.net.www.http.KeepAliveEntry", "sun.net.www.http.ClientVector",
            "sun.net.www.http.KeepAliveStream", "sun.net.www.http.KeepAliveStreamCleaner",
            "sun.net.www.http.KeepAliveStreamCleaner$1", "sun.net.www.http.KeepAliveStreamCleaner$2",
            "sun.net.www.http.HttpCapture", "sun.net.www.http.HttpCapture$1", "sun.net.www.http.Hurryable",
            "sun.net.www.MeteredStream", "sun.net.ProgressMonitor", "sun.net.ProgressMeteringPolicy",
            "sun.net.DefaultProgressMeteringPolicy", "sun.net.www.protocol.http.AuthCache",
            "sun.net.www.protocol.http.AuthCacheImpl", "sun.net.www.protocol.http.AuthCacheValue",
            "sun.net.www.protocol.http.AuthenticationInfo", "sun.net.www.protocol.http.AuthenticatorKeys",
            "sun.net.www.protocol.http.HttpURLConnection$HttpInputStream",
            "sun.net.www.protocol.http.HttpURLConnection$StreamingOutputStream",
            "sun.util.logging.PlatformLogger$ConfigurableBridge$LoggerConfiguration",
            "jdk.internal.logger.SimpleConsoleLogger", "jdk.internal.logger.SurrogateLogger",
            "io.storagedrivers.one.rpc.OneRpcClient$Answer");

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
        io.storagedrivers.cds.ClassesByName.load(EXCHANGE_CLASSES, RpcTraining.class.getClassLoader());
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
