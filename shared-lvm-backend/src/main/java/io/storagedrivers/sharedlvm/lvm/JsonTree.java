package io.storagedrivers.sharedlvm.lvm;

import java.io.IOException;
import java.util.ArrayDeque;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code ObjectMapper.readTree} of a JSON text, built from the streaming parser's tokens: the same
 * tree (a repeated key keeps its last value, numbers as int, long, big integer or double nodes)
 * without an ObjectMapper, whose set-up costs a cold action ~50 ms of start-up on this kind of
 * machine (docs/performance.md, "Cold start"). {@code JsonTreeTest} holds both equal, error
 * messages included.
 */
final class JsonTree {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonTree() {
    }

    /** The tree of {@code json}'s first value; null when there is none. */
    static JsonNode read(String json) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            ArrayDeque<ContainerNode<?>> open = new ArrayDeque<>();
            JsonNode first = null;
            String field = null;
            do {
                switch (t) {
                    case FIELD_NAME -> field = p.currentName();
                    case END_OBJECT, END_ARRAY -> open.pop();
                    default -> {
                        JsonNode v = switch (t) {
                            case START_OBJECT -> nodes.objectNode();
                            case START_ARRAY -> nodes.arrayNode();
                            case VALUE_STRING -> nodes.textNode(p.getText());
                            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                                case INT -> nodes.numberNode(p.getIntValue());
                                case LONG -> nodes.numberNode(p.getLongValue());
                                default -> nodes.numberNode(p.getBigIntegerValue());
                            };
                            case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDoubleValue());
                            case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(t == JsonToken.VALUE_TRUE);
                            default -> nodes.nullNode();
                        };
                        ContainerNode<?> parent = open.peek();
                        if (parent instanceof ObjectNode o) {
                            o.set(field, v);
                        } else if (parent instanceof ArrayNode a) {
                            a.add(v);
                        } else {
                            first = v;
                        }
                        if (v instanceof ContainerNode<?> c) {
                            open.push(c);
                        }
                    }
                }
            } while (!open.isEmpty() && (t = next(p, open.peek(), t)) != null);
            return first;
        }
    }

    /**
     * The next token as ObjectMapper's tree reader asks for it: inside an object a field name with
     * {@code nextFieldName()} (its syntax errors are worded differently from {@code nextToken()}'s).
     */
    private static JsonToken next(JsonParser p, ContainerNode<?> in, JsonToken last) throws IOException {
        if (in instanceof ObjectNode && last != JsonToken.FIELD_NAME) {
            return p.nextFieldName() != null ? JsonToken.FIELD_NAME : p.currentToken();
        }
        return p.nextToken();
    }
}
