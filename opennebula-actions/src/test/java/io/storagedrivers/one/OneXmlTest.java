package io.storagedrivers.one;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLInputFactory;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;

/**
 * OneXml builds its trees from the XML parser's tokens (a cold action's start-up, see OneXml); they
 * must be the trees {@code XmlMapper.readTree} gave before, on every shape oned writes and on broken
 * input, error messages included.
 */
class OneXmlTest {

    /** OneXml's reader as it was: an XmlMapper on the class path's StAX factory. */
    private static final XmlMapper BEFORE = before();

    private static XmlMapper before() {
        XMLInputFactory in = XMLInputFactory.newFactory();
        in.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        in.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return new XmlMapper(XmlFactory.builder().xmlInputFactory(in).build());
    }

    private static List<String> documents() {
        List<String> docs = new ArrayList<>(List.of(Fixtures.xml("vm-running.xml"), Fixtures.xml("ds-cp.xml"),
                Fixtures.xml("ds-monitor-system.xml")));
        docs.addAll(List.of(
                "<VM><ID>1</ID></VM>",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c --><VM>\n  <ID> 7 </ID>\n</VM>\n",
                "<VM/>",
                "<VM></VM>",
                "<VM>   </VM>",
                "<VM>text</VM>",
                "<VM><A/><B></B><C> </C></VM>",
                "<VM><D>1</D><D>2</D><D>3</D><E>x</E></VM>",
                "<VM><D><X>1</X></D><E/><D><X>2</X><X>3</X></D></VM>",
                "<VM><T a=\"1\" b=\"2\">v</T><T a=\"3\"/></VM>",
                "<VM id=\"9\"><ID>9</ID></VM>",
                "<VM><M>before<I>in</I>after</M></VM>",
                "<VM><C><![CDATA[a <b> & c]]></C><C><![CDATA[]]></C></VM>",
                "<VM><E>&lt;&amp;&gt;&#65;</E></VM>",
                "<VM xmlns:x=\"urn:x\"><x:A>1</x:A><A>2</A></VM>",
                "<VM><N xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"/></VM>",
                "<VM><TEMPLATE><DISK><ID>0</ID></DISK><NIC/><DISK><ID>1</ID></DISK><DISK/></TEMPLATE></VM>",
                "<VM><ü>ö</ü></VM>"));
        return docs;
    }

    @Test
    void treesAreXmlMappers() throws Exception {
        for (String xml : documents()) {
            JsonNode expected = BEFORE.readTree(xml);
            assertEquals(expected, OneXml.readTree(xml), xml);
            assertEquals(String.valueOf(expected), String.valueOf(OneXml.readTree(xml)), xml);
        }
    }

    @Test
    void brokenDocumentsFailWithXmlMappersMessage() {
        for (String xml : List.of("<VM>", "<VM><A></B></VM>", "<VM></VM><X/>", "<VM>&bogus;</VM>", "not xml",
                "<VM a=1/>", "<VM><A>1</A>", "\u0000<VM/>", "<VM>\u0001</VM>")) {
            assertEquals(message(() -> BEFORE.readTree(xml)), message(() -> OneXml.readTree(xml)), xml);
        }
    }

    @FunctionalInterface
    private interface Read {
        Object read() throws Exception;
    }

    private static String message(Read r) {
        try {
            return "ok " + r.read();
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
