package dev.modelport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.validation.CrdSchema;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;

/**
 * An in-memory Kubernetes API server for the local mode: the fabric8 mock server in CRUD mode (objects are stored,
 * listed, patched and watched; a created CRD makes its resources servable) plus the discovery documents kubectl
 * reads before it does anything ({@code /version}, {@code /api}, {@code /api/v1}, {@code /apis} and the group
 * versions). The mock server lacks server-side apply, which the operator uses for finalizers and status: an apply
 * patch is stored as a JSON merge patch of the same document (the same result for the operator's writes; fields a
 * manager stops sending are kept instead of removed). It also lacks strategic merge patch and reads a JSON merge
 * patch with Jackson's updating reader (a null is stored, a list is appended to), so both are applied here; and it
 * reads every body as JSON or YAML, so the protobuf kubectl sends for built-in kinds is turned into JSON first. It
 * listens on the loopback interface only, over plain HTTP, without authentication.
 */
public final class EmbeddedApiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATUS = "/status";
    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

    private final KubernetesMockServer server;

    private EmbeddedApiServer(KubernetesMockServer server) {
        this.server = server;
    }

    /**
     * Starts a server on 127.0.0.1 and the given port (0: any free port) with the ExternalModel CRD installed
     * (created through the API, as {@code kubectl apply -f crds/} would).
     */
    public static EmbeddedApiServer start(int port) {
        CustomResourceDefinition crd = Serialization.unmarshal(CrdSchema.crd().toString(),
                CustomResourceDefinition.class);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new LocalDispatcher(crd), false);
        server.start(InetAddress.getLoopbackAddress(), port);
        try (KubernetesClient client = server.createClient()) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        return new EmbeddedApiServer(server);
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /**
     * Writes a kubeconfig whose current context points at this server (namespace {@code default}), creating the
     * parent folders; kubectl and any Kubernetes client can use it.
     */
    public void writeKubeconfig(Path file) throws IOException {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: modelport-local
                  cluster:
                    server: %s
                users:
                - name: modelport-local
                  user: {}
                contexts:
                - name: modelport-local
                  context:
                    cluster: modelport-local
                    user: modelport-local
                    namespace: default
                current-context: modelport-local
                """.formatted(url());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, kubeconfig);
    }

    @Override
    public void close() {
        server.shutdown();
    }

    /** RFC 7386: objects merge member by member, a null member removes, anything else replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (patch == null) {
            return target;
        }
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JSON.createObjectNode();
        patch.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
            }
        });
        return result;
    }

    /** The CRUD dispatcher with discovery documents, protobuf bodies and the patches it lacks in front of it. */
    private static final class LocalDispatcher extends KubernetesCrudDispatcher {

        private final Discovery discovery;

        LocalDispatcher(CustomResourceDefinition crd) {
            discovery = new Discovery(crd);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            try {
                MockResponse response = route(request);
                // client-go decodes a response without a Content-Type as what it sent: protobuf, for built-in kinds.
                if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
                    response.setHeader("Content-Type", "application/json");
                }
                return response;
            } catch (RuntimeException e) {
                // The mock server sends nothing when a handler throws (a body it cannot parse, say): the client would
                // wait until it gives up.
                return failure(500, "InternalError", String.valueOf(e.getMessage()));
            }
        }

        private MockResponse route(RecordedRequest request) {
            String method = request.getMethod();
            if ("GET".equals(method)) {
                String path = withoutQuery(request);
                String document = discovery.document(path, request.getHeader("Host"));
                if (document != null) {
                    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                            .setBody(document);
                }
                if (path.startsWith("/openapi/")) {
                    return failure(404, "NotFound", "no OpenAPI documents here");
                }
            }
            String contentType = mediaType(request);
            if (KubeProtobuf.MEDIA_TYPE.equals(contentType) && ("POST".equals(method) || "PUT".equals(method))) {
                try {
                    return super.dispatch(rewrite(request, request.method(), request.getPath(),
                            KubeProtobuf.toJson(request.getBody().getBytes())));
                } catch (KubeProtobuf.UnreadableException e) {
                    return unsupported("application/json, application/yaml (" + e.getMessage() + ")");
                }
            }
            if ("DELETE".equals(method)) {
                return deleteWithOwnedServices(request);
            }
            if ("PATCH".equals(method)) {
                if (STRATEGIC_MERGE_PATCH.equals(contentType) && withoutQuery(request).startsWith(discovery.customGroupVersion())) {
                    // As the real API server answers: custom resources have no strategic merge patch.
                    return unsupported("application/json-patch+json, " + MERGE_PATCH + ", " + APPLY_PATCH);
                }
                if (APPLY_PATCH.equals(contentType) || MERGE_PATCH.equals(contentType)
                        || STRATEGIC_MERGE_PATCH.equals(contentType)) {
                    return patch(request, contentType);
                }
            }
            return super.dispatch(request);
        }

        /**
         * The patches the mock server lacks or gets wrong, computed here on the stored object and written back as an
         * update of the object or of its status subresource. Server-side apply, approximated: a new object is
         * created from the applied document; an existing one gets the document (without its status) as a JSON
         * merge patch (RFC 7386), or on the status subresource only its status.
         */
        private MockResponse patch(RecordedRequest request, String contentType) {
            String target = withoutQuery(request);
            boolean status = target.endsWith(STATUS);
            String object = status ? target.substring(0, target.length() - STATUS.length()) : target;
            ObjectNode patch;
            try {
                if (!(JSON.readTree(request.getUtf8Body()) instanceof ObjectNode document)) {
                    return failure(400, "BadRequest", "the patch is not a JSON object");
                }
                patch = document;
            } catch (IOException e) {
                return failure(400, "BadRequest", "the patch is not JSON");
            }
            boolean apply = APPLY_PATCH.equals(contentType);
            MockResponse current = super.handleGet(object);
            if (current.code() == 404) {
                return apply && !status ? super.dispatch(rewrite(request, HttpMethod.POST,
                        object.substring(0, object.lastIndexOf('/')), patch)) : current;
            }
            JsonNode stored;
            try {
                stored = JSON.readTree(current.getBody().getBytes());
            } catch (IOException e) {
                return failure(500, "InternalError", "the stored object is not JSON");
            }
            JsonNode patched;
            if (apply && status) {
                patched = stored.deepCopy();
                ((ObjectNode) patched).set("status", mergePatch(stored.get("status"), patch.get("status")));
            } else if (apply) {
                ObjectNode withoutStatus = patch.deepCopy();
                withoutStatus.remove("status");
                patched = mergePatch(stored, withoutStatus);
            } else {
                patched = MERGE_PATCH.equals(contentType) ? mergePatch(stored, patch)
                        : StrategicMergePatch.apply(stored, patch);
            }
            return super.dispatch(rewrite(request, HttpMethod.PUT, target, patched));
        }

        /**
         * A deletion, then what a cluster's garbage collector does after it for the one kind Modelport makes owned
         * objects of: the namespace's Services that name the deleted object as their owner (a model's inference
         * Service, which the operator leaves to the garbage collector) go too.
         */
        private MockResponse deleteWithOwnedServices(RecordedRequest request) {
            String path = withoutQuery(request);
            String[] parts = path.split("/");
            int namespaces = Arrays.asList(parts).indexOf("namespaces");
            MockResponse current = namespaces < 0 || parts.length != namespaces + 4 ? null : super.handleGet(path);
            MockResponse response = super.dispatch(request);
            if (current == null || current.code() != 200 || response.code() >= 300) {
                return response;
            }
            String services = "/api/v1/namespaces/" + parts[namespaces + 1] + "/services";
            try {
                String uid = JSON.readTree(current.getBody().getBytes()).at("/metadata/uid").asText();
                for (JsonNode service : JSON.readTree(super.handleGet(services).getBody().getBytes()).path("items")) {
                    for (JsonNode owner : service.at("/metadata/ownerReferences")) {
                        if (uid.equals(owner.path("uid").asText())) {
                            super.handleDelete(services + "/" + service.at("/metadata/name").asText());
                        }
                    }
                }
            } catch (IOException e) {
                return failure(500, "InternalError", "a stored object is not JSON");
            }
            return response;
        }

        private static String mediaType(RecordedRequest request) {
            return String.valueOf(request.getHeader("Content-Type")).split(";")[0].trim();
        }

        private static String withoutQuery(RecordedRequest request) {
            String path = request.getPath();
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }

        private static RecordedRequest rewrite(RecordedRequest request, HttpMethod method, String path,
                JsonNode body) {
            return new RecordedRequest(request.getHttpVersion(), method, path, request.getHeaders().newBuilder()
                    .set("Content-Type", "application/json").build(), new Buffer(body.toString().getBytes(
                            StandardCharsets.UTF_8)));
        }

        private static MockResponse unsupported(String accepted) {
            return failure(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted"
                    + " media types include: " + accepted);
        }

        private static MockResponse failure(int code, String reason, String message) {
            return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                    .setBody(Serialization.asJson(new StatusBuilder().withStatus("Failure").withCode(code)
                            .withReason(reason).withMessage(message).build()));
        }
    }
}
