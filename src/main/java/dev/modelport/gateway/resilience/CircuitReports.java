package dev.modelport.gateway.resilience;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.gateway.GatewaySettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes this replica's entry in a model's status.openCircuits while its circuit is open, and removes it when the
 * circuit closes or the model is no longer served here. Each replica writes with server-side apply as a field
 * manager of its own, and the list is keyed by replica: every replica owns exactly its own entry, and neither the
 * other replicas nor the operator (which never sends the field) remove it. Writes run off the request path, one at
 * a time and the latest state per model only; a failed write is tried again a few times.
 */
@ApplicationScoped
public class CircuitReports {

    private static final Logger LOG = Logger.getLogger(CircuitReports.class);
    private static final int MAX_TRIES = 5;
    private static final long FIRST_RETRY_SECONDS = 1;

    /** An entry to write, or removal when null. */
    private record Entry(Instant since, Instant retryAt, String reason, String message) {
    }

    private final KubernetesClient client;
    private final String replica;
    private final PatchContext apply;
    private final Map<String, Optional<Entry>> pending = new ConcurrentHashMap<>();
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "modelport-circuit-reports");
        thread.setDaemon(true);
        return thread;
    });

    public CircuitReports(KubernetesClient client, GatewaySettings settings) {
        this.client = client;
        this.replica = settings.replica().orElseGet(CircuitReports::hostName);
        this.apply = new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("modelport-gateway-" + replica).withForce(true).build();
    }

    public String replica() {
        return replica;
    }

    /** The circuit opened (again): the entry says since when, until when, and the failure that opened it. */
    void opened(String namespace, String name, Instant since, Instant retryAt, AdapterException cause) {
        String key = namespace + "/" + name;
        submit(key, Optional.of(new Entry(since, retryAt,
                cause == null ? null : cause.category().reason(), cause == null ? null : cause.getMessage())));
    }

    /** The circuit closed, or the model is no longer served here: remove the entry, if one was written. */
    void closed(String namespace, String name) {
        String key = namespace + "/" + name;
        if (written.contains(key) || pending.containsKey(key)) {
            submit(key, Optional.empty());
        }
    }

    /** The model is deleted: its status went with it. */
    void forget(String namespace, String name) {
        String key = namespace + "/" + name;
        pending.remove(key);
        written.remove(key);
    }

    private void submit(String key, Optional<Entry> entry) {
        if (pending.put(key, entry) == null) {
            writer.execute(() -> flush(key, 1));
        }
    }

    private void flush(String key, int tries) {
        Optional<Entry> entry = pending.remove(key);
        if (entry == null) {
            return;
        }
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        try {
            write(namespace, name, entry);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                written.remove(key);
                return;
            }
            LOG.warnf("could not write the circuit of %s in its status (HTTP %d)%s", key, e.getCode(),
                    tries < MAX_TRIES ? ", will try again" : "");
            if (tries < MAX_TRIES && pending.putIfAbsent(key, entry) == null) {
                writer.schedule(() -> flush(key, tries + 1), FIRST_RETRY_SECONDS << (tries - 1), TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Applies this replica's part of the status: its one entry, or an empty list, which removes the entry it owned
     * (and leaves the other replicas' entries).
     */
    private void write(String namespace, String name, Optional<Entry> entry) {
        ObjectNode document = JsonNodeFactory.instance.objectNode()
                .put("apiVersion", ExternalModel.API_VERSION).put("kind", ExternalModel.KIND);
        document.putObject("metadata").put("name", name).put("namespace", namespace);
        var list = document.putObject("status").putArray("openCircuits");
        entry.ifPresent(open -> {
            ObjectNode item = list.addObject().put("replica", replica)
                    .put("since", open.since().truncatedTo(ChronoUnit.SECONDS).toString())
                    .put("retryAt", open.retryAt().truncatedTo(ChronoUnit.SECONDS).toString());
            if (open.reason() != null) {
                item.put("reason", open.reason()).put("message", open.message());
            }
        });
        // The document as the resource itself: patching a resource sends it as it is, where patching by name would
        // first read the object, which the gateway may not (it only lists and watches).
        GenericKubernetesResource resource = client.getKubernetesSerialization().convertValue(document,
                GenericKubernetesResource.class);
        client.genericKubernetesResources(ExternalModel.API_VERSION, ExternalModel.KIND).inNamespace(namespace)
                .resource(resource).subresource("status").patch(apply);
        String key = namespace + "/" + name;
        if (entry.isPresent()) {
            written.add(key);
        } else {
            written.remove(key);
        }
        LOG.debugf("%s: circuit %s reported by %s", key, entry.isPresent() ? "open" : "closed", replica);
    }

    /** Removes this replica's entries as it stops, within a bound: a stopped replica refuses nothing. */
    @PreDestroy
    void stop() {
        for (String key : Set.copyOf(written)) {
            pending.put(key, Optional.empty());
            writer.execute(() -> flush(key, MAX_TRIES));
        }
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.shutdownNow();
    }

    private static String hostName() {
        String hostname = System.getenv("HOSTNAME");
        if (hostname != null && !hostname.isBlank()) {
            return hostname;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
