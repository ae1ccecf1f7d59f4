package dev.modelport.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.gateway.StreamingUpstream;
import dev.modelport.testing.Eventually;
import dev.modelport.testing.RoleProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's gateway (the packaged jar as a process) getting SIGTERM, as the kubelet sends it on a rolling update,
 * with a stream in flight: readiness turns false at once, new requests are served for the drain delay and refused
 * after it, the stream in flight completes; one that outlasts the shutdown timeout ends with the error event.
 */
class GatewayShutdownIT {

    static final String NAMESPACE = "shutdown-team";
    /** The chart's default drain delay. */
    static final Duration DRAIN = Duration.ofSeconds(5);
    static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30))
            .retryOnConnectionFailure(false).build();

    static StreamingUpstream upstream;
    static ChartInstall install;

    @BeforeAll
    static void serveStreams() throws Exception {
        upstream = new StreamingUpstream();
        install = ChartInstall.forTests("shutdown", Map.of("gateway.auth.mode", "none"));
        install.start("operator", "operator-0", TestPorts.free());
        ClusterModels models = ClusterModels.in(NAMESPACE);
        models.secret("creds", "shutdown-upstream-token");
        for (String path : List.of("paced", "endless")) {
            models.apply(ClusterModels.streamingModel(path, upstream.url("/" + path)));
        }
        models.awaitPhase("paced", Phase.InferenceEnabled);
        models.awaitPhase("endless", Phase.InferenceEnabled);
    }

    @AfterAll
    static void stop() throws Exception {
        TestCluster.get().deleteNamespacesThenClose(List.of(install, upstream), NAMESPACE);
    }

    @Test
    void shouldCompleteAStreamInFlightAndRefuseRequestsAfterTheDrainDelay() throws Exception {
        int port = TestPorts.free();
        RoleProcess gateway = install.start("gateway", "gateway-0", port);
        gateway.awaitReady(port, ChartInstall.READY);
        awaitServed(gateway, port, "paced");

        try (Response stream = HTTP.newCall(chat(port, "paced")).execute()) {
            assertThat(stream.code()).isEqualTo(200);
            BufferedSource events = stream.body().source();
            List<String> lines = new ArrayList<>();
            lines.add(events.readUtf8LineStrict());

            long sigterm = System.nanoTime();
            gateway.terminate();
            Eventually.eventually("readiness false after SIGTERM", Duration.ofSeconds(2), List.of(gateway),
                    () -> status(port, "/q/health/ready") == 503 ? true : null);
            assertThat(status(port, "/v1/models")).as("a new request during the drain delay").isEqualTo(200);
            assertThat(elapsed(sigterm)).as("the checks above ran within the drain delay").isLessThan(DRAIN);

            Eventually.eventually("a new request refused", DRAIN.plusSeconds(5), List.of(gateway),
                    () -> status(port, "/v1/models") == 503 ? true : null);
            assertThat(elapsed(sigterm)).as("refused only after the drain delay")
                    .isGreaterThanOrEqualTo(DRAIN.minusMillis(200));
            try (Response refused = HTTP.newCall(new Request.Builder().url(base(port) + "/v1/models").build())
                    .execute()) {
                assertThat(refused.code()).isEqualTo(503);
                assertThat(refused.header("Connection")).isEqualTo("close");
                assertThat(refused.body().string()).contains("\"code\":\"shutting_down\"");
            }

            for (String line = events.readUtf8Line(); line != null; line = events.readUtf8Line()) {
                lines.add(line);
            }
            String answer = String.join("\n", lines);
            assertThat(answer).as("the whole stream").contains("\"finish_reason\":\"stop\"")
                    .doesNotContain("error").endsWith("data: [DONE]\n");
            assertThat(answer.split("tick ", -1)).hasSize(StreamingUpstream.PACED_CHUNKS + 1);
        }
        assertThat(gateway.awaitExit(Duration.ofSeconds(10))).as("the gateway exited once the stream ended")
                .isPresent();
        assertThat(gateway.output()).doesNotContain("ERROR");
    }

    @Test
    void shouldEndAStreamStillRunningAtTheShutdownTimeoutWithTheErrorEvent() throws Exception {
        int port = TestPorts.free();
        RoleProcess gateway = install.start("gateway", "gateway-1", port,
                Map.of("quarkus.shutdown.delay", "1s", "quarkus.shutdown.timeout", "2s"));
        gateway.awaitReady(port, ChartInstall.READY);
        awaitServed(gateway, port, "endless");

        try (Response stream = HTTP.newCall(chat(port, "endless")).execute()) {
            assertThat(stream.code()).isEqualTo(200);
            BufferedSource events = stream.body().source();
            assertThat(events.readUtf8LineStrict()).contains("tick");

            long sigterm = System.nanoTime();
            gateway.terminate();
            String last = null;
            for (String line = events.readUtf8Line(); line != null; line = events.readUtf8Line()) {
                if (!line.isEmpty()) {
                    last = line;
                }
            }
            assertThat(last).as("the last event").startsWith("data: {\"error\":")
                    .contains("\"code\":\"shutting_down\"");
            assertThat(elapsed(sigterm)).as("ended at the drain delay and shutdown timeout, not before")
                    .isBetween(Duration.ofMillis(2000), Duration.ofSeconds(10));
        }
        assertThat(upstream.hungUp(Duration.ofSeconds(10))).as("the upstream call cancelled").isTrue();
        assertThat(gateway.awaitExit(Duration.ofSeconds(10))).as("the gateway exited").isPresent();
    }

    /** The operator serves the models before the new gateway's informers have them: wait for a 200. */
    static void awaitServed(RoleProcess gateway, int port, String model) {
        Eventually.eventually("the gateway to serve " + model, ClusterModels.WAIT, List.of(gateway), () -> {
            try (Response response = HTTP.newCall(chat(port, model)).execute()) {
                return response.code() == 200 ? true : null;
            } catch (IOException notYet) {
                return null;
            }
        });
        // That stream was dropped mid-way; its upstream connection closes with it.
        assertThat(waitHungUp()).isTrue();
    }

    static boolean waitHungUp() {
        try {
            return upstream.hungUp(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Request chat(int port, String model) {
        return new Request.Builder().url(base(port) + "/v1/chat/completions").post(RequestBody.create(
                "{\"model\": \"" + NAMESPACE + "/" + model + "\", \"stream\": true, "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                MediaType.get("application/json"))).build();
    }

    static int status(int port, String path) {
        try (Response response = HTTP.newCall(new Request.Builder().url(base(port) + path).build()).execute()) {
            return response.code();
        } catch (IOException e) {
            return -1;
        }
    }

    static String base(int port) {
        return "http://127.0.0.1:" + port;
    }

    static Duration elapsed(long since) {
        return Duration.ofNanos(System.nanoTime() - since);
    }
}
