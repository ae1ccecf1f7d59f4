package dev.modelport.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;

/**
 * The part of the local mode that must exist before Quarkus starts: the embedded API server that the Kubernetes
 * client, the operator and the gateway are configured to use, the demo upstream, and the kubeconfig. {@link #prepare}
 * runs in {@code main}; the {@code local} command then finds the running system through {@link #current()}.
 */
public final class LocalMode implements AutoCloseable {

    public static final String COMMAND = "local";

    private static volatile LocalMode current;

    private final EmbeddedApiServer apiServer;
    private final DemoUpstream demoUpstream;

    private LocalMode(EmbeddedApiServer apiServer, DemoUpstream demoUpstream) {
        this.apiServer = apiServer;
        this.demoUpstream = demoUpstream;
    }

    /**
     * For {@code local ...} arguments: starts the API server and the demo upstream, writes the kubeconfig and
     * returns the configuration that points Quarkus at them. Arguments picocli will reject, or a help request, are
     * left to picocli (nothing is started and the returned map is empty).
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
            throw new UncheckedIOException("local mode: the demo upstream cannot listen on 127.0.0.1:"
                    + options.demoPort + " (" + e.getMessage() + "); choose another port with --demo-port", e);
        }
        EmbeddedApiServer apiServer = EmbeddedApiServer.start(0);
        try {
            apiServer.writeKubeconfig(options.kubeconfig);
        } catch (IOException e) {
            apiServer.close();
            demoUpstream.close();
            throw new UncheckedIOException("local mode: cannot write the kubeconfig " + options.kubeconfig + " ("
                    + e.getMessage() + "); choose another file with --kubeconfig", e);
        }
        current = new LocalMode(apiServer, demoUpstream);
        return Map.ofEntries(
                // The Kubernetes client's own settings (Quarkus fixes its quarkus.kubernetes-client.* at build).
                Map.entry("kubernetes.master", apiServer.url()),
                Map.entry("kubernetes.namespace", "default"),
                Map.entry("kubernetes.auth.tryKubeConfig", "false"),
                Map.entry("kubernetes.auth.tryServiceAccount", "false"),
                Map.entry("quarkus.http.host", "127.0.0.1"),
                Map.entry("quarkus.http.port", Integer.toString(options.port)),
                Map.entry("modelport.gateway.enabled", "true"),
                // Nobody but this machine's user reaches 127.0.0.1: no caller tokens to check.
                Map.entry("modelport.gateway.auth", "none"),
                Map.entry("modelport.upstream.allow-loopback", "true"),
                Map.entry("modelport.gateway-host", "localhost"));
    }

    /** The running local mode, or null outside it. */
    public static LocalMode current() {
        return current;
    }

    public String demoUpstreamUrl() {
        return demoUpstream.url();
    }

    @Override
    public void close() {
        demoUpstream.close();
        apiServer.close();
    }
}
