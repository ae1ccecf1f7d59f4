package dev.modelport.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.gateway.StreamingUpstream;
import dev.modelport.testing.Eventually;
import dev.modelport.testing.RoleProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A slow caller of an endless, fast stream: the chart's gateway (the packaged jar, with the bench's small heap and
 * direct memory) reads the endpoint only as fast as the caller takes the answer, so its heap stays flat however
 * much the endpoint could send. The heap is read from the gateway process with jcmd, after a full GC.
 */
class GatewayBackPressureIT {

    static final String NAMESPACE = "pressure-team";
    /** The bench's JVM flags (bench/gateway.sh): a heap and direct memory a pile-up would exhaust in a second. */
    static final List<String> SMALL_JVM = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx64m",
            "-XX:MaxDirectMemorySize=32m");
    static final long MIB = 1 << 20;
    static final Pattern GENERATION_USED = Pattern.compile("(?m)^(?:DefNew|Tenured)\\s+total \\d+K, used (\\d+)K");

    static StreamingUpstream upstream;
    static ChartInstall install;
    static RoleProcess operator;
    static RoleProcess gateway;
    static int gatewayPort;

    @BeforeAll
    static void serveAnEndlessFastStream() throws Exception {
        upstream = new StreamingUpstream();
        install = ChartInstall.forTests("pressure", Map.of("gateway.auth.mode", "none"));
        operator = install.start("operator", "operator-0", TestPorts.free());
        gatewayPort = TestPorts.free();
        gateway = install.start("gateway", "gateway-0", gatewayPort, Map.of(), SMALL_JVM);
        gateway.awaitReady(gatewayPort, ChartInstall.READY);
        ClusterModels models = ClusterModels.in(NAMESPACE);
        models.secret("creds", "pressure-upstream-token");
        models.apply(ClusterModels.streamingModel("endless", upstream.url("/endless-fast")));
        models.awaitPhase("endless", Phase.InferenceEnabled);
        Eventually.eventually("the gateway to serve the model", ClusterModels.WAIT, List.of(operator, gateway),
                () -> {
                    try (Socket caller = stream()) {
                        return true;
                    } catch (IOException notYet) {
                        return null;
                    }
                });
    }

    @AfterAll
    static void stop() throws Exception {
        TestCluster.get().deleteNamespacesThenClose(List.of(install, upstream), NAMESPACE);
    }

    @Test
    void shouldReadTheEndpointOnlyAsFastAsASlowCallerWithAFlatHeap() throws Exception {
        // The stream's path warmed up (classes, compiled code, buffer pools) by a caller that reads at full speed.
        try (Socket caller = stream()) {
            read(caller, 16 * MIB, Duration.ZERO);
        }
        assertThat(upstream.hungUp(ClusterModels.WAIT)).as("the warm-up stream's upstream closed").isTrue();
        long baseline = heapAfterGc();
        long sentBefore = upstream.sent();

        try (Socket caller = stream()) {
            // 16 KiB every 20 ms, under 1 MiB/s, then nothing: the endpoint could send many times that meanwhile.
            long read = read(caller, 2 * MIB, Duration.ofMillis(20));
            long sent = heldBack() - sentBefore;
            long heap = heapAfterGc();
            assertThat(sent - read).as("what the endpoint wrote (%d KiB) beyond what the caller read (%d KiB): "
                    + "the socket buffers on the way", sent / 1024, read / 1024).isLessThan(16 * MIB);
            assertThat(heap - baseline).as("heap growth after GC (baseline %d KiB, with the slow stream %d KiB)",
                    baseline / 1024, heap / 1024).isLessThan(8 * MIB);
            assertThat(gateway.output()).doesNotContain("OutOfMemoryError").doesNotContain("direct buffer memory");

            read(caller, 4 * MIB, Duration.ZERO);
            assertThat(upstream.sent() - sentBefore).as("the endpoint read again once the caller did")
                    .isGreaterThan(sent);
        }
        assertThat(upstream.hungUp(ClusterModels.WAIT)).as("the slow stream's upstream closed").isTrue();
    }

    /**
     * Waits until the endpoint has written nothing more for a second, the gateway having stopped reading it (and
     * the socket buffers on the way being full), and returns what it wrote in all.
     */
    static long heldBack() {
        long[] last = {upstream.sent(), System.nanoTime()};
        return Eventually.eventually("the endpoint to be held back", Duration.ofSeconds(30), List.of(gateway), () -> {
            long sent = upstream.sent();
            if (sent != last[0]) {
                last[0] = sent;
                last[1] = System.nanoTime();
                return null;
            }
            return System.nanoTime() - last[1] >= TimeUnit.SECONDS.toNanos(1) ? sent : null;
        });
    }

    /**
     * A streamed chat completion of the endless model, on a socket that keeps little unread (32 KiB), read up to the
     * body; an answer other than 200 is an IOException.
     */
    static Socket stream() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(32 * 1024);
        socket.connect(new InetSocketAddress("127.0.0.1", gatewayPort), 5000);
        socket.setSoTimeout(10_000);
        String body = "{\"model\": \"" + NAMESPACE + "/endless\", \"stream\": true, "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
        socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder head = new StringBuilder();
        InputStream in = socket.getInputStream();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                socket.close();
                throw new IOException("the gateway closed the connection after " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 200 ")) {
            socket.close();
            throw new IOException("the gateway answered " + head.toString().lines().findFirst().orElse(""));
        }
        return socket;
    }

    /** Reads that many bytes of the answer, 16 KiB at a time with the pause between reads; returns the count. */
    static long read(Socket socket, long bytes, Duration pause) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[16 * 1024];
        long read = 0;
        while (read < bytes) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the gateway ended the stream after " + read + " bytes");
            }
            read += n;
            if (pause.isPositive()) {
                try {
                    TimeUnit.MILLISECONDS.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
        return read;
    }

    /** The gateway's used heap right after a full GC, from jcmd GC.run and GC.heap_info (the serial collector's). */
    static long heapAfterGc() throws Exception {
        jcmd("GC.run");
        Matcher used = GENERATION_USED.matcher(jcmd("GC.heap_info"));
        long kib = 0;
        int generations = 0;
        while (used.find()) {
            kib += Long.parseLong(used.group(1));
            generations++;
        }
        assertThat(generations).as("the young and old generations in GC.heap_info").isEqualTo(2);
        return kib * 1024;
    }

    static String jcmd(String command) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(gateway.pid()), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor(30, TimeUnit.SECONDS)).as("jcmd %s", command).isTrue();
        assertThat(jcmd.exitValue()).as("jcmd %s: %s", command, output).isZero();
        return output;
    }
}
