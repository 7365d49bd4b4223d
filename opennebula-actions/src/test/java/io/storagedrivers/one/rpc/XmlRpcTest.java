package io.storagedrivers.one.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The XML-RPC encoding of our calls and the decoding of oned's answers. */
class XmlRpcTest {

    private static Object decode(String xml) throws Exception {
        return XmlRpc.response(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCallIsStringsIntsAndBooleansWithMarkupEscaped() {
        String body = new String(XmlRpc.call("one.vm.info", List.of("a&b:<c>\r\"'", 7, false)), StandardCharsets.UTF_8);
        assertEquals("<?xml version=\"1.0\"?>\n<methodCall><methodName>one.vm.info</methodName><params>"
                + "<param><value><string>a&amp;b:&lt;c&gt;&#13;\"'</string></value></param>"
                + "<param><value><int>7</int></value></param>"
                + "<param><value><boolean>0</boolean></value></param></params></methodCall>\n", body);
    }

    @Test
    void aCharacterXmlCannotCarryIsRefusedWithoutShowingTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XmlRpc.call("m", List.of("user:sec\u0001ret")));
        assertFalse(e.getMessage().contains("sec"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> XmlRpc.call("m", Arrays.asList((Object) null)));
    }

    @Test
    void onedsAnswerDecodes() throws Exception {
        assertEquals(List.of(true, "<VM><ID>7</ID><NAME>a&b</NAME></VM>", 0),
                decode(FakeOned.answer(true, "<VM><ID>7</ID><NAME>a&b</NAME></VM>", 0)));
        assertEquals(List.of(false, "[one.vm.info] Error getting virtual machine [8].", 1024, -1),
                decode(FakeOned.answer(false, "[one.vm.info] Error getting virtual machine [8].", 1024)));
    }

    @Test
    void everyValueTypeDecodes() throws Exception {
        Object v = decode("<?xml version=\"1.0\"?><methodResponse xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">"
                + "<params><param><value><array><data>"
                + "<value>untyped &amp; kept</value><value><i4> -3 </i4></value><value><int>4</int></value>"
                + "<value><ex:i8>8589934592</ex:i8></value><value><double>1.5</double></value><value><nil/></value>"
                + "<value><string></string></value><value><string><![CDATA[<x>]]></string></value>"
                + "<value><struct><member><name>a</name><value><array><data/></array></value></member></struct></value>"
                + "</data></array></value></param></params></methodResponse>");
        List<?> a = (List<?>) v;
        assertEquals("untyped & kept", a.get(0));
        assertEquals(-3, a.get(1));
        assertEquals(4, a.get(2));
        assertEquals(8589934592L, a.get(3));
        assertEquals(1.5, a.get(4));
        assertNull(a.get(5));
        assertEquals("", a.get(6));
        assertEquals("<x>", a.get(7));
        assertEquals(Map.of("a", List.of()), a.get(8));
    }

    @Test
    void aFaultIsAFault() {
        XmlRpc.Fault f = assertThrows(XmlRpc.Fault.class, () -> decode("<methodResponse><fault><value><struct>"
                + "<member><name>faultCode</name><value><int>-501</int></value></member>"
                + "<member><name>faultString</name><value><string>Expected 2 parameters</string></value></member>"
                + "</struct></value></fault></methodResponse>"));
        assertEquals(-501, f.code);
        assertEquals("Expected 2 parameters", f.getMessage());
    }

    @Test
    void whatIsNotAMethodResponseIsMalformed() {
        for (String bad : List.of("", "not xml", "<html><body>proxy error</body></html>",
                "<methodResponse><params><param><value><int>x</int></value></param></params></methodResponse>",
                "<methodResponse><params><param><value><boolean>2</boolean></value></param></params></methodResponse>",
                "<methodResponse><params><param><value><int>1</int><int>2</int></value></param></params></methodResponse>",
                "<methodResponse><params><param><value>a<int>1</int></value></param></params></methodResponse>",
                "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY e \"x\">]><methodResponse><params><param><value>&e;</value>"
                        + "</param></params></methodResponse>",
                "<methodResponse><params><param><value><array><data><value>1</value>",
                "<methodResponse><fault><value><string>no struct</string></value></fault></methodResponse>")) {
            Exception e = assertThrows(Exception.class, () -> decode(bad), bad);
            assertTrue(e instanceof XmlRpc.Malformed, bad + ": " + e);
        }
    }
}
