package dev.modelport.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One role of the packaged application ({@code java -jar target/quarkus-app/quarkus-run.jar <role>}, the command the
 * container image runs) in its own JVM, as a pod would run it: its arguments, environment and Kubernetes
 * credentials (a kubeconfig passed as KUBECONFIG, as kubectl reads it). Its output goes to a log file that failure
 * messages point at.
 */
public final class RoleProcess implements AutoCloseable {

    public static final Path APPLICATION = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final String name;
    private final Path log;
    private final Process process;

    private RoleProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** Starts the role with the given system properties, against the cluster of the kubeconfig. */
    public static RoleProcess start(String role, Path kubeconfig, Map<String, String> properties, Path logDirectory)
            throws IOException {
        return start(role, List.of(role), Map.of("KUBECONFIG", kubeconfig.toAbsolutePath().toString()), properties,
                logDirectory);
    }

    /**
     * Starts the application with these arguments (the container's args) and environment variables; the log is
     * {@code <name>.log} in the folder, appended to when a process of that name ran before.
     */
    public static RoleProcess start(String name, List<String> args, Map<String, String> environment,
            Map<String, String> properties, Path logDirectory) throws IOException {
        return start(name, args, environment, properties, List.of(), logDirectory);
    }

    /** As above, with JVM options before the system properties (e.g. -Xmx64m, as a container's JAVA_OPTS). */
    public static RoleProcess start(String name, List<String> args, Map<String, String> environment,
            Map<String, String> properties, List<String> jvmOptions, Path logDirectory) throws IOException {
        if (!Files.isRegularFile(APPLICATION)) {
            throw new IllegalStateException(APPLICATION + " is missing: run the suite with mvn verify, which packages "
                    + "the application first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", APPLICATION.toString()));
        command.addAll(args);
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new RoleProcess(name, log, builder.start());
    }

    /** Waits until the role answers 200 on /q/health/ready on 127.0.0.1:port, or fails naming its log. */
    public void awaitReady(int port, Duration timeout) {
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        Eventually.eventually(this + " to report ready", timeout, List.of(this),
                () -> status(ready) == 200 ? true : null);
    }

    private static int status(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            return connection.getResponseCode();
        } catch (IOException notYetListening) {
            return -1;
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM, as the kubelet does to stop a pod, and returns at once. */
    public void terminate() {
        process.destroy();
    }

    /** The exit status once the process has ended within the time, else empty. */
    public OptionalInt awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                : OptionalInt.empty();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** What the process has written so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log, e);
        }
    }

    /** Ends the process at once (SIGKILL), as a node failure or an OOM kill would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops the role as Kubernetes stops a pod: SIGTERM, then a kill after a grace period. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return name + " (log: " + log + ")";
    }
}
