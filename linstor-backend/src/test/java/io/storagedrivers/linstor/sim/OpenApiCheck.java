package io.storagedrivers.linstor.sim;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;

import io.storagedrivers.linstor.api.Json;

/**
 * Validates every exchange with the simulated controller against LINSTOR's OpenAPI spec
 * (REST 1.28, copied verbatim into test resources). Where the running controller knowingly
 * differs from its spec (linstor.md §2, §3.3; 401 for a missing token), the simulator follows the controller and this
 * check accepts exactly that difference:
 * <ul>
 *   <li>error bodies are ApiCallRc <em>lists</em> (the spec's OperationFailed says one object):
 *       each element is then validated as that object;</li>
 *   <li>statuses the spec does not list but the controller sends (404 with an ApiCallRc list,
 *       200 for volume-definition create);</li>
 *   <li>node {@code type} in upper case (SATELLITE);</li>
 *   <li>a failed clone answers 500 with a ResourceDefinitionCloneStarted object (errors inside);</li>
 *   <li>volume layer data: the spec's oneOf cannot be satisfied by any object (its seven
 *       alternatives have no required fields, so a real object matches several).</li>
 * </ul>
 */
public final class OpenApiCheck implements SimController.Observer {
    private static final OpenApiInteractionValidator VALIDATOR = build();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private int checked;

    private static OpenApiInteractionValidator build() {
        URL spec = OpenApiCheck.class.getResource("/io/storagedrivers/linstor/rest_v1_openapi.yaml");
        return OpenApiInteractionValidator.createForSpecificationUrl(spec.toString()).withResolveCombinators(true).build();
    }

    @Override
    public void exchange(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] reqBody,
                         int status, byte[] respBody) {
        synchronized (this) {
            checked++;
        }
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        SimpleRequest.Builder rb = new SimpleRequest.Builder(method, path);
        if (pathAndQuery.contains("?")) {
            Map<String, List<String>> q = SimRequest.of(method, path, pathAndQuery.substring(pathAndQuery.indexOf('?') + 1),
                    null).query();
            q.forEach(rb::withQueryParam);
        }
        if (reqBody.length > 0) {
            rb.withBody(new String(reqBody, StandardCharsets.UTF_8)).withContentType("application/json");
        }
        // a failed clone answers 500 with the CloneStarted object (errors in messages): check it as one
        int asStatus = status >= 400 && "POST".equals(method) && path.endsWith("/clone") && respBody.length > 0
                && respBody[0] == '{' ? 201 : status;
        ValidationReport report = VALIDATOR.validate(rb.build(), response(asStatus, respBody));
        List<ValidationReport.Message> errors = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !knownDeviation(m, method, path, status, respBody)).toList();
        if (!errors.isEmpty() && status >= 400 && elementsValid(rb.build(), status, respBody)) {
            errors = errors.stream().filter(m -> m.getKey().startsWith("validation.request")).toList();
        }
        for (ValidationReport.Message m : errors) {
            violations.add(method + " " + pathAndQuery + " -> " + status + ": " + m.getKey() + ": " + m.getMessage()
                    + m.getNestedMessages().stream().map(n -> " / " + n.getKey() + ": " + n.getMessage()).toList());
        }
    }

    private static SimpleResponse response(int status, byte[] body) {
        return SimpleResponse.Builder.status(status).withContentType("application/json")
                .withBody(new String(body, StandardCharsets.UTF_8)).build();
    }

    private static boolean knownDeviation(ValidationReport.Message m, String method, String path, int status,
                                          byte[] body) {
        String key = m.getKey();
        if ("validation.response.status.unknown".equals(key)) {
            return ((status == 404 || status == 401) && isRcList(body)) || (status == 200 && "POST".equals(method)
                    && path.endsWith("/volume-definitions"));
        }
        if ("validation.response.body.schema.oneOf".equals(key) && m.getMessage().contains("/layer_data_list/")) {
            // VolumeLayer.data is a oneOf of seven schemas without required fields: every real
            // layer object matches several of them, so no controller reply can satisfy it
            return true;
        }
        return "validation.response.body.schema.enum".equals(key) && path.startsWith("/v1/nodes")
                && m.getMessage().contains("SATELLITE");
    }

    /** An error list whose every element is a valid ApiCallRc (validated as the spec's single object). */
    private static boolean elementsValid(SimpleRequest req, int status, byte[] body) {
        try {
            JsonNode arr = Json.LENIENT.readTree(body);
            if (!arr.isArray() || arr.isEmpty()) {
                return false;
            }
            for (JsonNode el : arr) {
                ValidationReport r = VALIDATOR.validateResponse(req.getPath(), req.getMethod(),
                        response(status, Json.LENIENT.writeValueAsBytes(el)));
                if (r.getMessages().stream().anyMatch(m -> m.getLevel() == ValidationReport.Level.ERROR
                        && !"validation.response.status.unknown".equals(m.getKey()))) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean isRcList(byte[] body) {
        try {
            JsonNode arr = Json.LENIENT.readTree(body);
            return arr.isArray() && arr.size() > 0 && arr.get(0).has("ret_code") && arr.get(0).has("message");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public synchronized int checked() {
        return checked;
    }
}
