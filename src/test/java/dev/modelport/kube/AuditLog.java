package dev.modelport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The control plane's audit log (audit.log, one JSON event per request at the Metadata level): who asked what of
 * which object and what the API server answered. Tests count a component's requests with it, as a cluster operator
 * would.
 */
record AuditLog(List<JsonNode> events) {

    static final Set<String> WRITES = Set.of("create", "update", "patch", "delete", "deletecollection");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The events so far. */
    static AuditLog read() {
        Path file = TestCluster.get().folder().resolve("audit.log");
        try (Stream<String> lines = Files.lines(file)) {
            return new AuditLog(lines.filter(line -> !line.isBlank()).map(AuditLog::parse).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The requests of a ServiceAccount, completed after a moment. */
    AuditLog by(String namespace, String serviceAccount, Instant after) {
        String user = "system:serviceaccount:" + namespace + ":" + serviceAccount;
        return new AuditLog(events.stream()
                .filter(e -> user.equals(e.at("/user/username").asText()))
                .filter(e -> Instant.parse(e.path("stageTimestamp").asText()).isAfter(after))
                .toList());
    }

    /** Of those, the writes to objects in a namespace. */
    List<String> writesIn(String namespace) {
        return events.stream()
                .filter(e -> WRITES.contains(e.path("verb").asText()))
                .filter(e -> namespace.equals(e.at("/objectRef/namespace").asText()))
                .map(AuditLog::describe).toList();
    }

    /** Of those, the requests with this verb on a resource (e.g. list externalmodels). */
    List<String> requests(String verb, String resource) {
        return events.stream()
                .filter(e -> verb.equals(e.path("verb").asText()))
                .filter(e -> resource.equals(e.at("/objectRef/resource").asText()))
                .map(AuditLog::describe).toList();
    }

    /** Of those, every request on a resource (e.g. secrets), whatever its verb. */
    List<JsonNode> on(String resource) {
        return events.stream().filter(e -> resource.equals(e.at("/objectRef/resource").asText())).toList();
    }

    static String describe(JsonNode event) {
        return event.path("verb").asText() + " " + event.path("requestURI").asText() + " -> "
                + event.at("/responseStatus/code").asText() + " at " + event.path("stageTimestamp").asText();
    }
}
