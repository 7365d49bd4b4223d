package io.storagedrivers.linstor.one;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.storagedrivers.linstor.api.Json;
import io.storagedrivers.linstor.api.dto.ApiCallRc;
import io.storagedrivers.linstor.api.dto.Resource;
import io.storagedrivers.linstor.api.dto.ResourceDefinition;
import io.storagedrivers.linstor.api.dto.ResourceGroup;
import io.storagedrivers.linstor.api.dto.ResourceWithVolumes;
import io.storagedrivers.linstor.api.dto.Snapshot;
import io.storagedrivers.linstor.api.dto.StoragePool;
import io.storagedrivers.linstor.api.dto.VolumeDefinition;
import io.storagedrivers.one.cds.CdsTraining;
import io.storagedrivers.one.cds.TrainingDocs;

/**
 * linstor-driver.jar's {@code cds-train} ({@link CdsTraining}). The actions run down to the
 * backend, whose controller list is one no request can be sent to (a scheme the JDK's HTTP
 * client refuses before any lookup or connection), so no controller is ever asked; the REST
 * client's own classes are loaded by the extra steps: the HTTP client and its requests built as
 * the client builds them (nothing sent), and LINSTOR's JSON answers read into the client's types.
 */
final class LinstorTraining {

    private LinstorTraining() {
    }

    static CdsTraining.Driver driver() {
        return new CdsTraining.Driver(new TrainingDocs("linstor", "OpenNebula-Image-20",
                "<LINSTOR_RESOURCE_GROUP><![CDATA[cds-training]]></LINSTOR_RESOURCE_GROUP>"
                        + "<LINSTOR_CONTROLLERS><![CDATA[cds-training-none://controller.invalid]]></LINSTOR_CONTROLLERS>"),
                LinstorCommands.DS, LinstorCommands.TM, null,
                Map.of("http client", LinstorTraining::http, "json", LinstorTraining::json));
    }

    private static void http() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest.newBuilder(URI.create("http://controller.invalid:3370/v1/resource-definitions"))
                .timeout(Duration.ofSeconds(300)).header("Content-Type", "application/json")
                .method("POST", HttpRequest.BodyPublishers.ofByteArray("{}".getBytes(StandardCharsets.UTF_8))).build();
        HttpRequest.newBuilder(URI.create("http://controller.invalid:3370/v1/resource-groups")).GET().build();
        client.version();
    }

    private static void json() {
        try {
            Json.LENIENT.readValue("[{\"ret_code\":1,\"message\":\"m\",\"obj_refs\":{\"RscDfn\":\"r\"}}]", ApiCallRc[].class);
            Json.LENIENT.readValue("[{\"name\":\"r\",\"resource_group_name\":\"g\",\"props\":{\"a\":\"b\"},"
                    + "\"flags\":[],\"unknown_field\":1}]", ResourceDefinition[].class);
            Json.LENIENT.readValue("[{\"name\":\"r\",\"node_name\":\"n\",\"flags\":[],\"props\":{}}]", Resource[].class);
            Json.LENIENT.readValue("[{\"name\":\"r\",\"node_name\":\"n\",\"volumes\":[{\"volume_number\":0,"
                    + "\"device_path\":\"/dev/drbd1000\",\"allocated_size_kib\":8192}]}]", ResourceWithVolumes[].class);
            Json.LENIENT.readValue("[{\"volume_number\":0,\"size_kib\":8192}]", VolumeDefinition[].class);
            Json.LENIENT.readValue("[{\"name\":\"g\",\"select_filter\":{\"place_count\":2}}]", ResourceGroup[].class);
            Json.LENIENT.readValue("[{\"name\":\"s\",\"resource_name\":\"r\",\"nodes\":[\"n\"]}]", Snapshot[].class);
            Json.LENIENT.readValue("[{\"storage_pool_name\":\"p\",\"node_name\":\"n\",\"free_capacity\":1}]",
                    StoragePool[].class);
            Json.LENIENT.writeValueAsBytes(new ApiCallRc[0]);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
