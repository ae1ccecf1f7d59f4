package dev.modelport.kube;

import dev.modelport.local.KubeControlPlane;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real control plane of this test run ({@code controlplane/}, which Maven builds before the integration tests):
 * started by the first test that asks for it, shared by all, stopped when the JVM exits. The ExternalModel CRD of
 * {@code crds/} is installed as users install it. Each test class works in namespaces of its own.
 */
public final class TestCluster {

    public static final Path CRD = Path.of("crds", "externalmodels.modelport.dev-v1.yml");
    public static final String CRD_NAME = "externalmodels.modelport.dev";
    static final Duration START = Duration.ofMinutes(2);
    private static final Path RUNS = Path.of("target", "controlplane-runs");

    private static TestCluster cluster;

    private final KubeControlPlane controlPlane;
    private final KubernetesClient admin;
    private final Config adminConfig;

    private TestCluster(KubeControlPlane controlPlane) throws IOException {
        this.controlPlane = controlPlane;
        this.adminConfig = Config.fromKubeconfig(Files.readString(controlPlane.kubeconfig()));
        // A test sees each answer as it is: a refused server-side apply answers 500, which fabric8 retries by default.
        adminConfig.setRequestRetryBackoffLimit(0);
        this.admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
    }

    /** The cluster, started (and the CRD installed) on first use. */
    public static synchronized TestCluster get() {
        if (cluster == null) {
            try {
                Path folder = RUNS.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                        + "-" + ProcessHandle.current().pid());
                KubeControlPlane controlPlane = KubeControlPlane.start(KubeControlPlane.BUILT, folder, START);
                Runtime.getRuntime().addShutdownHook(new Thread(controlPlane::close, "controlplane-stop"));
                cluster = new TestCluster(controlPlane);
                cluster.installCrd();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cluster;
    }

    /** A client with the admin's certificate (system:masters). */
    public KubernetesClient admin() {
        return admin;
    }

    /** The API server's URL, e.g. https://127.0.0.1:40123. */
    public String server() {
        return adminConfig.getMasterUrl().replaceAll("/$", "");
    }

    public Path kubeconfig() {
        return controlPlane.kubeconfig();
    }

    /** A file of the cluster's PKI folder: ca.crt, admin.crt, admin.key, service-account.key. */
    public Path pki(String file) {
        return controlPlane.folder().resolve("pki").resolve(file).toAbsolutePath();
    }

    public Path folder() {
        return controlPlane.folder();
    }

    /** Stops the API server and its etcd and starts them again on the same data, address and certificates. */
    public void restart() {
        try {
            controlPlane.restart(START);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the action while the API server is down (an outage), then starts it again on the same data. */
    public void whileStopped(Runnable action) {
        controlPlane.stop();
        try {
            action.run();
        } finally {
            try {
                controlPlane.start(START);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Creates the namespaces (a test class's own) if they do not exist yet. */
    public void namespaces(String... names) {
        for (String name : names) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                    .build()).serverSideApply();
        }
    }

    /**
     * Deletes the namespaces and waits until they are gone: the namespace controller empties them (the models carry
     * no finalizer). Bounded; what remains then is left to the next run.
     */
    public void deleteNamespaces(String... names) {
        for (String name : names) {
            admin.namespaces().withName(name).delete();
        }
        for (String name : names) {
            admin.namespaces().withName(name).waitUntilCondition(java.util.Objects::isNull, 60, TimeUnit.SECONDS);
        }
    }

    /**
     * Ends a test class that ran the chart's roles: deletes its namespaces while the operator still runs (so it sees
     * its models go), then closes what the class started, in this order, even when the deletion failed.
     */
    public void deleteNamespacesThenClose(List<AutoCloseable> started, String... names) throws Exception {
        try {
            deleteNamespaces(names);
        } finally {
            for (AutoCloseable each : started) {
                each.close();
            }
        }
    }

    /** Creates the ServiceAccount if needed and returns a token for it from the TokenRequest API. */
    public String token(String namespace, String serviceAccount, Duration ttl, String... audiences) {
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(serviceAccount).endMetadata().build()).serverSideApply();
        return admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(ttl.toSeconds())
                        .withAudiences(audiences.length == 0 ? null : List.of(audiences)).endSpec().build())
                .getStatus().getToken();
    }

    /** Writes a kubeconfig for the bearer token (nothing else: no client certificate) and returns its path. */
    public Path kubeconfigWithToken(String token, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster: {server: "%s", certificate-authority: "%s"}
                users:
                - name: token
                  user: {token: "%s"}
                contexts:
                - name: test
                  context: {cluster: test, user: token}
                current-context: test
                """.formatted(server(), pki("ca.crt"), token));
        return file;
    }

    /** Server-side applies the objects as the admin, as {@code kubectl apply --server-side} does. */
    public void apply(List<? extends HasMetadata> objects) {
        objects.forEach(object -> admin.resource(object).fieldManager("modelport-tests").forceConflicts()
                .serverSideApply());
    }

    /** Installs the CRD of crds/ (again, after a test changed it) and waits until it is Established. */
    public void installCrd() throws IOException {
        installCrd(admin.getKubernetesSerialization().unmarshal(Files.readString(CRD),
                CustomResourceDefinition.class));
    }

    /** Installs a CRD for ExternalModels (a newer one, in a version skew test) and waits until it is Established. */
    public void installCrd(CustomResourceDefinition crd) {
        apply(List.of(crd));
        admin.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME).waitUntilCondition(
                TestCluster::established, START.toSeconds(), TimeUnit.SECONDS);
    }

    static boolean established(CustomResourceDefinition crd) {
        // The API server writes a status before its first condition: conditions may still be null then.
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Quarkus configuration that points the application's Kubernetes client at this cluster as the admin. */
    public Map<String, String> quarkusClientConfig() {
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", server(),
                "quarkus.kubernetes-client.ca-cert-file", pki("ca.crt").toString(),
                "quarkus.kubernetes-client.client-cert-file", pki("admin.crt").toString(),
                "quarkus.kubernetes-client.client-key-file", pki("admin.key").toString(),
                "quarkus.kubernetes-client.client-key-algo", "RSA");
    }
}
