package dev.modelport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The kubectl binary on the PATH, against one kubeconfig: the reference client, run as users run it. */
public record Kubectl(Path kubeconfig) {

    /** Runs kubectl and returns its output; fails unless it exits 0 within 30 s. */
    public String run(String... arguments) throws IOException, InterruptedException {
        Result result = attempt(arguments);
        assertThat(result.exitCode()).as("kubectl %s: %s", List.of(arguments), result.output()).isZero();
        return result.output();
    }

    /** What kubectl printed (stdout and stderr) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    /**
     * Runs kubectl, failing after 30 s (a request the server leaves unanswered) rather than waiting on. The output
     * goes to a file, so that kubectl never blocks on a full pipe.
     */
    public Result attempt(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--request-timeout=20s"));
        command.addAll(List.of(arguments));
        return run(new ProcessBuilder(command));
    }

    /**
     * Runs {@code kubectl modelport ...}: the build's plugin (target/kubectl-modelport), found by kubectl on the
     * PATH as users install it, with this kubeconfig in KUBECONFIG (kubectl passes no flags to a plugin) and this
     * JVM's Java.
     */
    public Result plugin(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "modelport"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
        builder.environment().put("PATH", Path.of("target").toAbsolutePath() + ":" + System.getenv("PATH"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return run(builder);
    }

    private Result run(ProcessBuilder builder) throws IOException, InterruptedException {
        List<String> command = builder.command();
        Path output = Files.createTempFile(kubeconfig.toAbsolutePath().getParent(), "kubectl", ".out");
        try {
            Process kubectl = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean finished = kubectl.waitFor(30, TimeUnit.SECONDS);
            if (!finished) {
                kubectl.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String out = Files.readString(output);
            assertThat(finished).as("kubectl %s finished within 30 s: %s", command, out).isTrue();
            return new Result(kubectl.exitValue(), out);
        } finally {
            Files.delete(output);
        }
    }
}
