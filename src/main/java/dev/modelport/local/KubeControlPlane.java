package dev.modelport.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The project's control-plane program ({@code controlplane/}: the real kube-apiserver on an embedded etcd, with the
 * garbage collector and the namespace controller) as a child process. It writes everything under its folder (the
 * kubeconfig, certificates, etcd data) and its log to {@code controlplane.log} there; started again on the same
 * folder it serves the same data on the same address, as a restarted API server does.
 */
public final class KubeControlPlane implements AutoCloseable {

    /** Where the build puts the program ({@code mvn verify}, or {@code mvn verify -DskipTests}). */
    public static final String BUILT_NAME = "target/controlplane/controlplane";
    public static final Path BUILT = Path.of(BUILT_NAME);
    private static final String READY = "ready ";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path binary;
    private final Path folder;
    private final List<String> options;
    private final Path kubeconfig;
    private Process process;

    private KubeControlPlane(Path binary, Path folder, List<String> options, Path kubeconfig, Process process) {
        this.binary = binary;
        this.folder = folder;
        this.options = options;
        this.kubeconfig = kubeconfig;
        this.process = process;
    }

    /**
     * Starts the program on the folder and waits until the API server is ready.
     *
     * @throws IllegalStateException naming the build command when the program was not built, or with the end of its
     *     log when it stops or is not ready in time
     */
    public static KubeControlPlane start(Path binary, Path folder, Duration timeout) throws IOException {
        return start(binary, folder, timeout, List.of());
    }

    /** As {@link #start(Path, Path, Duration)}; the program removes the folder when it stops. */
    public static KubeControlPlane startTemporary(Path binary, Path folder, Duration timeout) throws IOException {
        return start(binary, folder, timeout, List.of("--temporary"));
    }

    private static KubeControlPlane start(Path binary, Path folder, Duration timeout, List<String> options)
            throws IOException {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("the control plane " + binary + " is not built: build it with "
                    + "'mvn -B -ntp verify -DskipTests' (needs Go 1.26 or newer)");
        }
        Files.createDirectories(folder);
        Process process = launch(binary, folder, options);
        return new KubeControlPlane(binary, folder, options, awaitReady(process, folder, timeout), process);
    }

    /**
     * With --exit-on-eof the program stops when its standard input, a pipe from this JVM, closes: it never outlives
     * the JVM, however that ends. It also ignores a terminal's Ctrl-C, so that this JVM stops it after the
     * components that use it.
     */
    private static Process launch(Path binary, Path folder, List<String> options) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toAbsolutePath().toString(), "--dir",
                folder.toAbsolutePath().toString(), "--exit-on-eof"));
        command.addAll(options);
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(folder.resolve("controlplane.log").toFile()))
                .start();
    }

    /** Reads the program's output until its ready line; returns the kubeconfig it names. */
    private static Path awaitReady(Process process, Path folder, Duration timeout) throws IOException {
        CompletableFuture<Path> ready = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith(READY)) {
                        return Path.of(line.substring(READY.length()));
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            Path kubeconfig = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (kubeconfig != null) {
                return kubeconfig;
            }
        } catch (TimeoutException | ExecutionException e) {
            // reported below with the log
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop(process);
        throw new IllegalStateException("the control plane did not become ready within " + timeout + "; the end of "
                + folder.resolve("controlplane.log") + ":\n" + tail(folder.resolve("controlplane.log")));
    }

    private static String tail(Path log) throws IOException {
        var lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    /** The admin kubeconfig (system:masters), with its certificates embedded. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    public Path folder() {
        return folder;
    }

    /** Stops the API server (SIGTERM, as the kubelet stops a static pod) and starts it again on the same data. */
    public synchronized void restart(Duration timeout) throws IOException {
        stop();
        start(timeout);
    }

    /** Stops the API server and its etcd, keeping their data; {@link #start} starts them again. */
    public synchronized void stop() {
        stop(process);
    }

    /** Starts the stopped API server again on the same data, address and certificates. */
    public synchronized void start(Duration timeout) throws IOException {
        process = launch(binary, folder, options);
        awaitReady(process, folder, timeout);
    }

    public synchronized boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public synchronized void close() {
        stop(process);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
