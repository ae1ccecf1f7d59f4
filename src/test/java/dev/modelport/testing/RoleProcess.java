package dev.modelport.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One role of the packaged application ({@code java -jar target/quarkus-app/quarkus-run.jar <role>}, the command the
 * container image runs) in its own JVM, against the cluster of a kubeconfig file. Its output goes to a log file that
 * failure messages point at.
 */
final class RoleProcess implements AutoCloseable {

    static final Path APPLICATION = Path.of("target", "quarkus-app", "quarkus-run.jar");

    final String role;
    final Path log;
    private final Process process;

    private RoleProcess(String role, Path log, Process process) {
        this.role = role;
        this.log = log;
        this.process = process;
    }

    /** Starts the role with the given system properties; the kubeconfig is passed as KUBECONFIG, as kubectl reads it. */
    static RoleProcess start(String role, Path kubeconfig, Map<String, String> properties, Path logDirectory)
            throws IOException {
        if (!Files.isRegularFile(APPLICATION)) {
            throw new IllegalStateException(APPLICATION + " is missing: run the suite with mvn verify, which packages "
                    + "the application first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", APPLICATION.toString(), role));
        Path log = logDirectory.resolve(role + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
        return new RoleProcess(role, log, builder.start());
    }

    boolean isAlive() {
        return process.isAlive();
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
        return role + " (log: " + log + ")";
    }
}
