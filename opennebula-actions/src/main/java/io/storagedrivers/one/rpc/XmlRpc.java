package io.storagedrivers.one.rpc;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The XML-RPC encoding (xmlrpc.com's specification) of the calls we make and of oned's answers:
 * a {@code methodCall} of strings, ints and booleans, and a {@code methodResponse} decoded into
 * Java values ({@link String}, {@link Integer}, {@link Long} for {@code i8}, {@link Boolean},
 * {@link Double}, {@link List} for arrays, {@link Map} for structs, null for {@code nil}). A fault
 * is a {@link Fault}. DTDs and entities are refused, as in every XML we read.
 */
final class XmlRpc {
    private static final XMLInputFactory IN = newFactory();

    private XmlRpc() {
    }

    private static XMLInputFactory newFactory() {
        // Woodstox by name, as XMLInputFactory.newFactory() finds it on our class path, without the
        // look-up (~35 ms of a cold action's start: docs/performance.md, "Cold start")
        XMLInputFactory f = new com.ctc.wstx.stax.WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** An XML-RPC fault answer ({@code faultCode}, {@code faultString}). */
    static final class Fault extends Exception {
        final int code;

        Fault(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** The answer is not an XML-RPC {@code methodResponse} (the message says where it broke). */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** The body of a call of {@code method} with {@code params} (String, Integer or Boolean each). */
    static byte[] call(String method, List<?> params) {
        StringBuilder sb = new StringBuilder(256).append("<?xml version=\"1.0\"?>\n<methodCall><methodName>");
        escape(sb, method);
        sb.append("</methodName><params>");
        for (Object p : params) {
            sb.append("<param><value>");
            if (p instanceof String s) {
                escape(sb.append("<string>"), s).append("</string>");
            } else if (p instanceof Integer i) {
                sb.append("<int>").append(i).append("</int>");
            } else if (p instanceof Boolean b) {
                sb.append("<boolean>").append(b ? 1 : 0).append("</boolean>");
            } else {
                throw new IllegalArgumentException("no XML-RPC encoding for " + (p == null ? "null" : p.getClass().getSimpleName()));
            }
            sb.append("</value></param>");
        }
        return sb.append("</params></methodCall>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * XML character data: the markup characters as entities, CR as a reference (a parser would make
     * it LF); a character XML 1.0 cannot carry at all is refused (the message never shows the text:
     * it may be the session).
     */
    static StringBuilder escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#13;");
                default -> {
                    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0xfffe || c == 0xffff) {
                        throw new IllegalArgumentException("a character XML cannot carry at offset " + i);
                    }
                    sb.append(c);
                }
            }
        }
        return sb;
    }

    /** The single value of a {@code methodResponse}. */
    static Object response(byte[] body) throws Fault, Malformed {
        String text = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
        if (text.contains("<!DOCTYPE") || text.contains("<!ENTITY")) {
            throw new Malformed("has a DTD or entity declaration");
        }
        try {
            XMLStreamReader r = IN.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                next(r, "methodResponse");
                String what = nextElement(r);
                if (what.equals("fault")) {
                    next(r, "value");
                    Object v = value(r);
                    if (!(v instanceof Map<?, ?> m) || !(m.get("faultCode") instanceof Integer code)) {
                        throw new Malformed("a fault without a faultCode");
                    }
                    throw new Fault(code, String.valueOf(m.get("faultString")));
                }
                expect(what, "params");
                next(r, "param");
                next(r, "value");
                return value(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new Malformed("not well-formed XML: " + io.storagedrivers.validate.Printable.line(e.getMessage()));
        }
    }

    /** A {@code value} element, the reader on its start tag; leaves the reader on its end tag. */
    private static Object value(XMLStreamReader r) throws XMLStreamException, Malformed {
        StringBuilder text = new StringBuilder();
        while (true) {
            int e = r.next();
            if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA || e == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                return text.toString(); // an untyped value is a string
            } else if (e == XMLStreamConstants.START_ELEMENT) {
                if (!text.toString().isBlank()) {
                    throw new Malformed("text beside a typed value");
                }
                Object v = typed(r, r.getLocalName());
                closeAfter(r, "value");
                return v;
            } else if (e == XMLStreamConstants.END_DOCUMENT) {
                throw new Malformed("ends inside a value");
            }
        }
    }

    private static Object typed(XMLStreamReader r, String type) throws XMLStreamException, Malformed {
        switch (type) {
            case "array":
                return array(r);
            case "struct":
                return struct(r);
            case "nil":
                r.getElementText();
                return null;
            default:
                break;
        }
        String t = r.getElementText();
        try {
            return switch (type) {
                case "string" -> t;
                case "int", "i4" -> Integer.valueOf(t.strip());
                case "i8" -> Long.valueOf(t.strip());
                case "boolean" -> switch (t.strip()) {
                    case "1" -> Boolean.TRUE;
                    case "0" -> Boolean.FALSE;
                    default -> throw new Malformed("a boolean that is neither 0 nor 1");
                };
                case "double" -> Double.valueOf(t.strip());
                default -> t; // base64, dateTime.iso8601: oned's info calls send none; kept as text
            };
        } catch (NumberFormatException e) {
            throw new Malformed("a " + type + " that is not a number");
        }
    }

    private static List<Object> array(XMLStreamReader r) throws XMLStreamException, Malformed {
        next(r, "data");
        List<Object> out = new ArrayList<>();
        while (true) {
            String el = nextElementOrEnd(r);
            if (el == null) {
                break; // </data>
            }
            expect(el, "value");
            out.add(value(r));
        }
        closeAfter(r, "array");
        return out;
    }

    private static Map<String, Object> struct(XMLStreamReader r) throws XMLStreamException, Malformed {
        Map<String, Object> out = new LinkedHashMap<>();
        while (true) {
            String el = nextElementOrEnd(r);
            if (el == null) {
                return out; // </struct>
            }
            expect(el, "member");
            next(r, "name");
            String name = r.getElementText();
            next(r, "value");
            out.put(name, value(r));
            closeAfter(r, "member");
        }
    }

    private static void next(XMLStreamReader r, String name) throws XMLStreamException, Malformed {
        expect(nextElement(r), name);
    }

    private static String nextElement(XMLStreamReader r) throws XMLStreamException, Malformed {
        String el = nextElementOrEnd(r);
        if (el == null) {
            throw new Malformed("an element ends early");
        }
        return el;
    }

    /** The next start tag's name, or null at an end tag; text between elements must be blank. */
    private static String nextElementOrEnd(XMLStreamReader r) throws XMLStreamException, Malformed {
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                return r.getLocalName();
            }
            if (e == XMLStreamConstants.END_ELEMENT) {
                return null;
            }
            if ((e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA) && !r.getText().isBlank()) {
                throw new Malformed("text where an element was expected");
            }
        }
        throw new Malformed("ends early");
    }

    private static void closeAfter(XMLStreamReader r, String name) throws XMLStreamException, Malformed {
        if (nextElementOrEnd(r) != null || !r.getLocalName().equals(name)) {
            throw new Malformed("more than one value in a " + name);
        }
    }

    private static void expect(String got, String wanted) throws Malformed {
        if (!got.equals(wanted)) {
            throw new Malformed("<" + io.storagedrivers.validate.Printable.line(got) + "> where <" + wanted + "> belongs");
        }
    }
}
