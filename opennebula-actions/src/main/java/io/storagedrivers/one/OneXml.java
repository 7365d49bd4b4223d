package io.storagedrivers.one;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;

import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;

/**
 * Reads OpenNebula's XML documents (action data, {@code onevm show -x}, {@code onedatastore show -x})
 * into Jackson trees, and the strict field readers the typed objects use. DTDs and entities are
 * refused: the documents oned writes never have them.
 *
 * <p>The tree is the one {@code XmlMapper.readTree} gives (an element's children and attributes
 * as fields, a repeated element as an array, text beside them as field ""), built from the XML
 * parser's tokens without an ObjectMapper, whose set-up was the largest part of a cold action's
 * XML cost (~50 ms of ~90 with the CDS archive); Woodstox is named rather than looked up
 * ({@code XMLInputFactory.newFactory()} scans the class path: ~35 ms more). {@code OneXmlTest}
 * holds both trees equal on every document shape.
 */
final class OneXml {
    private static final Pattern INT = Pattern.compile("-?[0-9]{1,10}");
    private static final Pattern LONG = Pattern.compile("-?[0-9]{1,18}");
    private static final XmlFactory XML = newFactory();

    private OneXml() {
    }

    private static XmlFactory newFactory() {
        XMLInputFactory in = new WstxInputFactory();
        in.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        in.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return XmlFactory.builder().xmlInputFactory(in).xmlOutputFactory(new WstxOutputFactory()).build();
    }

    /** The tree of {@code xml}: the root element's content (XmlMapper.readTree's). */
    static JsonNode readTree(String xml) throws java.io.IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        try (JsonParser p = XML.createParser(xml)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            if (t != JsonToken.START_OBJECT) {
                return t == JsonToken.VALUE_NULL ? nodes.nullNode() : nodes.textNode(p.getText());
            }
            ObjectNode root = nodes.objectNode();
            java.util.ArrayDeque<ObjectNode> open = new java.util.ArrayDeque<>();
            open.push(root);
            String field = null;
            while (!open.isEmpty() && (t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> field = p.currentName();
                    case START_OBJECT -> {
                        ObjectNode child = nodes.objectNode();
                        add(open.peek(), field, child);
                        open.push(child);
                    }
                    case END_OBJECT -> open.pop();
                    case VALUE_NULL -> add(open.peek(), field, nodes.nullNode());
                    default -> add(open.peek(), field, nodes.textNode(p.getText()));
                }
            }
            return root;
        }
    }

    /** A field; a repeated one becomes an array, in document order (XmlMapper's rule for XML). */
    private static void add(ObjectNode parent, String field, JsonNode value) {
        JsonNode before = parent.get(field);
        if (before == null) {
            parent.set(field, value);
        } else if (before.isArray()) {
            ((ArrayNode) before).add(value);
        } else {
            parent.set(field, parent.arrayNode().add(before).add(value));
        }
    }

    /** The name of the first element, after an XML declaration, comments and blanks. */
    private static final Pattern ROOT = Pattern.compile(
            "\\A\\s*(?:<\\?xml[^>]*\\?>)?\\s*(?:<!--.*?-->\\s*)*<([A-Za-z_][A-Za-z0-9_.-]*)[\\s/>]", Pattern.DOTALL);

    /** {@link #parse(String, String)} of a document whose root element must be {@code root}. */
    static JsonNode parse(String xml, String what, String root) {
        JsonNode node = parse(xml, what);
        Matcher m = ROOT.matcher(xml);
        if (!m.lookingAt() || !m.group(1).equals(root)) {
            throw new OneException(what + " is not a " + root + " document");
        }
        return node;
    }

    /** Parses {@code xml}; {@code what} names the document in the error ("the VM 7 XML"). */
    static JsonNode parse(String xml, String what) {
        if (xml == null || xml.isBlank()) {
            throw new OneException(what + " is empty");
        }
        if (xml.toUpperCase(Locale.ROOT).contains("<!DOCTYPE") || xml.contains("<!ENTITY")) {
            throw new OneException(what + " has a DTD or entity declaration; refused");
        }
        try {
            JsonNode root = readTree(xml);
            if (root == null || !root.isObject()) {
                throw new OneException(what + " is not an XML element with children");
            }
            return root;
        } catch (java.io.IOException e) {
            throw new OneException(what + " is not well-formed XML: " + oneLine(e.getMessage()));
        }
    }

    /** The text of child {@code name}, "" when absent or empty; an element with children is an error. */
    static String text(JsonNode parent, String name, String where) {
        JsonNode n = parent == null ? null : parent.get(name);
        if (n == null || n.isNull()) {
            return "";
        }
        if (n.isArray()) {
            throw new OneException(where + "/" + name + " appears more than once");
        }
        if (n.isObject()) {
            // <X></X> with only whitespace can come back as an empty object
            if (n.isEmpty()) {
                return "";
            }
            JsonNode inner = n.get("");
            if (inner != null && inner.isValueNode() && n.size() == 1) {
                return inner.asText().strip();
            }
            throw new OneException(where + "/" + name + " has child elements, a value was expected");
        }
        return n.asText().strip();
    }

    static int intValue(JsonNode parent, String name, String where, int absent) {
        String t = text(parent, name, where);
        if (t.isEmpty()) {
            return absent;
        }
        if (!INT.matcher(t).matches()) {
            throw new OneException(where + "/" + name + " is not a number: '" + clip(t) + "'");
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new OneException(where + "/" + name + " is out of range: '" + clip(t) + "'");
        }
    }

    static long longValue(JsonNode parent, String name, String where, long absent) {
        String t = text(parent, name, where);
        if (t.isEmpty()) {
            return absent;
        }
        if (!LONG.matcher(t).matches()) {
            throw new OneException(where + "/" + name + " is not a number: '" + clip(t) + "'");
        }
        return Long.parseLong(t);
    }

    /** A child that may repeat: always a list (empty when absent). */
    static List<JsonNode> list(JsonNode parent, String name) {
        JsonNode n = parent == null ? null : parent.get(name);
        List<JsonNode> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(out::add);
        } else {
            out.add(n);
        }
        return out;
    }

    /** The single-valued attributes of a TEMPLATE-like element; vector attributes are skipped. */
    static Map<String, String> attributes(JsonNode element) {
        Map<String, String> out = new LinkedHashMap<>();
        if (element == null || !element.isObject()) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = element.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isValueNode()) {
                out.put(e.getKey(), e.getValue().asText().strip());
            }
        }
        return out;
    }

    static String clip(String s) {
        String one = oneLine(s);
        return one.length() > 80 ? one.substring(0, 80) + "..." : one;
    }

    static String oneLine(String s) {
        return io.storagedrivers.validate.Printable.line(s);
    }
}
