package io.storagedrivers.linstor.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON conventions of LINSTOR's REST API: snake_case names, null/empty values omitted (as the
 * server does). The client reads leniently (newer servers add fields); the simulated controller
 * reads strictly, because the real one rejects unknown request fields with API_CALL_PARSE_ERROR.
 */
public final class Json {
    /** For reading responses: unknown fields ignored. */
    public static final ObjectMapper LENIENT = build(false);
    /** For reading requests the way the controller does: unknown fields rejected. */
    public static final ObjectMapper STRICT = build(true);

    private Json() {
    }

    private static ObjectMapper build(boolean strict) {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_EMPTY)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, strict)
                .build();
    }
}
