package dev.modelport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.chart.RenderedChart;
import dev.modelport.testing.RoleProcess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * helm/modelport installed on the test cluster: rendered by the Helm engine with the given values and applied with
 * server-side apply, every object but the CRD (installed by TestCluster from the same file). The roles then run as
 * processes that get what a pod of the chart's Deployment gets, nothing more: its container args, its environment
 * (fieldRefs resolved as the kubelet does, HOSTNAME set to the pod name) and a token of its ServiceAccount from the
 * TokenRequest API. Deployments are stored but never run: there is no kubelet.
 */
public final class ChartInstall implements AutoCloseable {

    static final Duration READY = Duration.ofSeconds(60);

    private final String release;
    private final String namespace;
    private final RenderedChart chart;
    private final Path work;
    private final List<RoleProcess> started = new ArrayList<>();

    private ChartInstall(String release, String namespace, RenderedChart chart) {
        this.release = release;
        this.namespace = namespace;
        this.chart = chart;
        this.work = TestCluster.get().folder().resolve(release).toAbsolutePath();
    }

    /** Renders the chart as release {@code release} in {@code namespace} with these --set values and applies it. */
    public static ChartInstall install(String release, String namespace, Map<String, Object> values) {
        TestCluster cluster = TestCluster.get();
        String version = cluster.admin().getKubernetesVersion().getGitVersion().replaceFirst("^v", "");
        RenderedChart chart = RenderedChart.release(release, namespace, version, values);
        cluster.namespaces(namespace);
        KubernetesClient admin = cluster.admin();
        List<HasMetadata> objects = chart.objects().stream()
                .filter(object -> !"CustomResourceDefinition".equals(object.path("kind").asText()))
                .map(object -> (HasMetadata) admin.getKubernetesSerialization().unmarshal(object.toString()))
                .toList();
        objects.stream().filter(o -> "Role".equals(o.getKind()) || "RoleBinding".equals(o.getKind()))
                .map(o -> o.getMetadata().getNamespace()).distinct().forEach(cluster::namespaces);
        cluster.apply(objects);
        return new ChartInstall(release, namespace, chart);
    }

    /**
     * The chart as the tests install it: release {@code release} in {@code <release>-system}, with the model
     * endpoints of the tests (HTTP servers on 127.0.0.1) let through the endpoint policy.
     */
    public static ChartInstall forTests(String release, Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(values);
        all.put("upstream.allowList[0]", "127.0.0.1/32");
        return install(release, release + "-system", all);
    }

    /** A started replica and the port it serves HTTP on. */
    public record Running(RoleProcess process, int port) {
    }

    /** Starts a replica on a free port and waits until it reports ready. */
    public Running startReady(String component, String pod, Map<String, String> properties) {
        int port = TestPorts.free();
        RoleProcess process = start(component, pod, port, properties);
        process.awaitReady(port, READY);
        return new Running(process, port);
    }

    public String namespace() {
        return namespace;
    }

    /** The ServiceAccount the pods of a component (operator or gateway) run as. */
    public String serviceAccount(String component) {
        return deployment(component).at("/spec/template/spec/serviceAccountName").asText();
    }

    private JsonNode deployment(String component) {
        return chart.ofKind("Deployment").stream()
                .filter(d -> (release + "-modelport-" + component).equals(d.at("/metadata/name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment for " + component));
    }

    /** The rendered objects of a kind. */
    public List<JsonNode> ofKind(String kind) {
        return chart.ofKind(kind);
    }

    /**
     * Starts one replica of a component (operator or gateway) as the pod {@code pod} of its Deployment would run,
     * serving HTTP (health, metrics, the gateway's API) on the given port of 127.0.0.1.
     */
    public RoleProcess start(String component, String pod, int httpPort) {
        return start(component, pod, httpPort, Map.of());
    }

    /** As {@link #start(String, String, int)}, with JVM system properties (e.g. a log level for one test). */
    public RoleProcess start(String component, String pod, int httpPort, Map<String, String> properties) {
        return start(component, pod, httpPort, properties, List.of());
    }

    /** As {@link #start(String, String, int)}, with system properties and JVM options (e.g. -Xmx64m). */
    public RoleProcess start(String component, String pod, int httpPort, Map<String, String> properties,
            List<String> jvmOptions) {
        JsonNode container = deployment(component).at("/spec/template/spec/containers/0");
        String serviceAccount = serviceAccount(component);
        Map<String, String> environment = new HashMap<>();
        for (JsonNode variable : container.path("env")) {
            environment.put(variable.path("name").asText(), value(variable, pod));
        }
        environment.put("HOSTNAME", pod);
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        List<String> args = new ArrayList<>();
        container.path("args").forEach(arg -> args.add(arg.asText()));
        try {
            String token = TestCluster.get().token(namespace, serviceAccount, Duration.ofHours(1));
            environment.put("KUBECONFIG", TestCluster.get().kubeconfigWithToken(token,
                    work.resolve(pod + ".kubeconfig")).toString());
            RoleProcess process = RoleProcess.start(pod, args, environment, properties, jvmOptions, work);
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An environment variable's value as the kubelet resolves it for the pod. */
    private String value(JsonNode variable, String pod) {
        if (variable.has("value")) {
            return variable.get("value").asText();
        }
        String field = variable.at("/valueFrom/fieldRef/fieldPath").asText();
        return switch (field) {
            case "metadata.namespace" -> namespace;
            case "metadata.name" -> pod;
            default -> throw new AssertionError("the chart sets " + variable + ", which this test cannot resolve");
        };
    }

    /** Lines of the processes' logs that say the API server refused them something (RBAC). */
    public List<String> forbidden() {
        return started.stream().flatMap(process -> process.output().lines()
                .filter(line -> line.toLowerCase(java.util.Locale.ROOT).contains("forbidden"))
                .map(line -> process + ": " + line)).toList();
    }

    /** Stops every process started from this install (SIGTERM, as Kubernetes does). */
    @Override
    public void close() throws InterruptedException {
        // All at once, as a namespace's pods are stopped: the gateway's drain delay (5 s) is then paid once.
        started.forEach(RoleProcess::terminate);
        for (RoleProcess process : started) {
            process.close();
        }
    }
}
