package dev.modelport.local;

import dev.modelport.validation.CrdSchema;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * The part of the local mode that must exist before Quarkus starts: the API server that the Kubernetes client, the
 * operator and the gateway are configured to use (the embedded in-memory one, or the real control plane the build
 * makes), the demo upstream, and the kubeconfig. {@link #prepare} runs in {@code main}; the {@code local} command
 * then finds the running system through {@link #current()}.
 */
public final class LocalMode implements AutoCloseable {

    public static final String COMMAND = "local";
    private static final Duration CONTROL_PLANE_START = Duration.ofMinutes(2);

    private static volatile LocalMode current;

    private final ApiServer apiServer;
    private final DemoUpstream demoUpstream;

    /** A started API server: how to reach it, and what the console calls it. */
    private record ApiServer(AutoCloseable server, Map<String, String> clientSettings, String description,
            boolean admission) {
    }

    /** Why local mode cannot start, in one line that names the option to change. */
    public static final class StartFailure extends RuntimeException {

        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private LocalMode(ApiServer apiServer, DemoUpstream demoUpstream) {
        this.apiServer = apiServer;
        this.demoUpstream = demoUpstream;
    }

    /**
     * For {@code local ...} arguments: starts the API server and the demo upstream, writes the kubeconfig and
     * returns what only this start knows: where the API server is (the Kubernetes client's own system properties)
     * and the gateway's port; the rest of the role's settings are the {@code %local} profile's. Arguments picocli
     * will reject, or a help request, are left to picocli (nothing is started and the returned map is empty).
     *
     * @throws StartFailure when a port is taken, the kubeconfig cannot be written or the control plane cannot start
     */
    public static Map<String, String> prepare(String... args) {
        LocalOptions options = new LocalOptions();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.stream(rest).anyMatch(arg -> arg.equals("-h") || arg.equals("--help")
                || arg.equals("-V") || arg.equals("--version"))) {
            return Map.of();
        }
        try {
            CommandLine.populateCommand(options, rest);
        } catch (CommandLine.ParameterException e) {
            return Map.of();
        }
        DemoUpstream demoUpstream;
        try {
            demoUpstream = DemoUpstream.start(options.demoPort);
        } catch (IOException e) {
            throw new StartFailure("local mode: the demo upstream cannot listen on 127.0.0.1:" + options.demoPort
                    + " (" + e.getMessage() + "); choose another port with --demo-port", e);
        }
        ApiServer apiServer;
        try {
            apiServer = options.controlPlane == LocalOptions.ControlPlane.kube ? kube(options) : embedded(options);
        } catch (StartFailure e) {
            demoUpstream.close();
            throw e;
        }
        current = new LocalMode(apiServer, demoUpstream);
        Map<String, String> settings = new HashMap<>(apiServer.clientSettings());
        settings.putAll(Map.of(
                "kubernetes.namespace", "default",
                "kubernetes.auth.tryServiceAccount", "false",
                "quarkus.http.port", Integer.toString(options.port)));
        return settings;
    }

    private static ApiServer embedded(LocalOptions options) {
        if (!hasEmbeddedServer(LocalMode.class.getClassLoader())) {
            throw new StartFailure("local mode: this build leaves out the embedded API server (the container image "
                    + "runs the operator and gateway roles only); run local mode from the application that "
                    + "mvn -B -ntp package builds", null);
        }
        EmbeddedApiServer server = EmbeddedApiServer.start(0);
        try {
            server.writeKubeconfig(options.kubeconfig);
        } catch (IOException e) {
            server.close();
            throw cannotWriteKubeconfig(options, e);
        }
        // The Kubernetes client's own settings (Quarkus fixes its quarkus.kubernetes-client.* at build).
        return new ApiServer(server, Map.of("kubernetes.master", server.url(),
                "kubernetes.auth.tryKubeConfig", "false"),
                "the embedded in-memory API server (no admission, printer columns or watches over HTTP)", false);
    }

    /**
     * Whether the classes hold the fabric8 mock server, an optional dependency (pom.xml), looked up as a resource so
     * that nothing is loaded.
     */
    static boolean hasEmbeddedServer(ClassLoader classes) {
        return classes.getResource("io/fabric8/kubernetes/client/server/mock/KubernetesMockServer.class") != null;
    }

    /**
     * The real control plane in a fresh folder of its own, which it removes when it stops (when this JVM closes it,
     * or exits), so that each start begins empty as with the embedded server; the CRD installed as users install it.
     */
    private static ApiServer kube(LocalOptions options) {
        Path folder;
        KubeControlPlane server;
        try {
            folder = Files.createTempDirectory("modelport-local-");
            server = KubeControlPlane.startTemporary(KubeControlPlane.BUILT, folder, CONTROL_PLANE_START);
        } catch (IOException | IllegalStateException e) {
            throw new StartFailure("local mode: the kube control plane cannot start: " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(options.kubeconfig.toAbsolutePath().getParent());
            Files.copy(server.kubeconfig(), options.kubeconfig, StandardCopyOption.REPLACE_EXISTING);
            String version = installCrd(server.kubeconfig());
            return new ApiServer(server, Map.of("kubeconfig", options.kubeconfig.toAbsolutePath().toString(),
                    "kubernetes.auth.tryKubeConfig", "true"), "kube-apiserver " + version + " and etcd in " + folder,
                    true);
        } catch (IOException e) {
            server.close();
            throw cannotWriteKubeconfig(options, e);
        } catch (KubernetesClientException e) {
            server.close();
            throw new StartFailure("local mode: the kube control plane refused the CRD: " + e.getMessage(), e);
        }
    }

    /** Installs the built-in CRD with server-side apply, waits until it is Established; returns the server version. */
    private static String installCrd(Path kubeconfig) throws IOException {
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
            CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(CrdSchema.crd().toString(),
                    CustomResourceDefinition.class);
            client.resource(crd).fieldManager("modelport-local").forceConflicts().serverSideApply();
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions()
                            .stream().anyMatch(e -> "Established".equals(e.getType()) && "True".equals(e.getStatus())),
                            CONTROL_PLANE_START.toSeconds(), TimeUnit.SECONDS);
            return client.getKubernetesVersion().getGitVersion();
        }
    }

    private static StartFailure cannotWriteKubeconfig(LocalOptions options, IOException e) {
        return new StartFailure("local mode: cannot write the kubeconfig " + options.kubeconfig + " ("
                + e.getMessage() + "); choose another file with --kubeconfig", e);
    }


    /** The running local mode, or null outside it. */
    public static LocalMode current() {
        return current;
    }

    public String demoUpstreamUrl() {
        return demoUpstream.url();
    }

    /** What the API server is, for the console. */
    public String apiServerDescription() {
        return apiServer.description();
    }

    /** Whether the API server runs admission (schema, CEL rules): then kubectl needs no --validate=false. */
    public boolean admission() {
        return apiServer.admission();
    }

    @Override
    public void close() throws Exception {
        demoUpstream.close();
        apiServer.server().close();
    }
}
