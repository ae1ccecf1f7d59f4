package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.gateway.telemetry.AccessLog;
import dev.modelport.testing.LogCapture;
import dev.modelport.testing.ModelAnswers;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every failure category of a model call, and every refusal of the gateway itself, with canary values in the
 * caller's token, the model's credential, the prompt and the endpoint's error answers (some of which repeat the
 * request), while the gateway and the HTTP layers under it log at TRACE and the access log is on: no line shows any
 * of them.
 */
@QuarkusTest
@TestProfile(GatewayLogAuditTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayLogAuditIT extends GatewayTestBase {

    static final String CALLER = "canary-caller-9d27c4";
    /** A token the reviews below authenticate: the ServiceAccount is the part before the dot. */
    static final String CALLER_TOKEN = "sa-audit." + CALLER;
    static final String CREDENTIAL = "canary-credential-51be0a";
    static final String PROMPT = "canary-prompt-e83f16";
    static final String UPSTREAM_BODY = ModelAnswers.UPSTREAM_DETAIL;
    static final String NAMESPACE = "audit";
    static LogCapture logs;
    /** The access log has a handler of its own, not the root's. */
    static LogCapture accessLines;

    /**
     * Answers a TLS handshake with plain HTTP and keeps the connection until the client closes it, so the client
     * always fails in TLS: a plain HTTP server may close first, and a reset before the answer is read is a
     * connection failure.
     */
    static ServerSocket NOT_TLS;
    static final byte[] PLAIN_ANSWER = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void capture() throws IOException {
        logs = LogCapture.start();
        accessLines = LogCapture.of(AccessLog.CATEGORY);
        NOT_TLS = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(() -> {
            while (!NOT_TLS.isClosed()) {
                try (Socket socket = NOT_TLS.accept()) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(PLAIN_ANSWER);
                    socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException closedOrTimedOut) {
                    // The client is done, or the test is.
                }
            }
        });
    }

    @AfterAll
    static void release() throws IOException {
        logs.close();
        accessLines.close();
        NOT_TLS.close();
    }

    /** The API server's reviews: sa-audit may invoke every model but "denied". */
    void expectReviews() {
        server.expect().post().withPath(GatewayAuthorizationIT.TOKEN_REVIEWS).andReply(201, request -> {
            boolean known = request.getUtf8Body().contains("\"sa-audit.");
            return new TokenReviewBuilder().withNewStatus().withAuthenticated(known).withNewUser()
                    .withUsername(known ? "system:serviceaccount:apps:sa-audit" : null).endUser().endStatus().build();
        }).always();
        server.expect().post().withPath(GatewayAuthorizationIT.ACCESS_REVIEWS).andReply(201, request ->
                new SubjectAccessReviewBuilder().withNewStatus().withAllowed(!request.getUtf8Body()
                        .contains("\"denied\"")).endStatus().build()).always();
    }

    OpenAIClient caller(String token) {
        return OpenAIOkHttpClient.builder().baseUrl(base + "v1").apiKey(token).maxRetries(0).build();
    }

    void model(String name, String yaml) {
        serve(NAMESPACE, yaml.replace("{name: creds}", name.equals("no-secret") ? "{name: missing}" : "{name: creds}"),
                Phase.InferenceEnabled);
    }

    /** Chat and, for streaming models, a streamed chat with the canary prompt; every answer is read whole. */
    void call(String name) {
        ChatCompletionCreateParams params = chat(NAMESPACE + "/" + name, "Say " + PROMPT);
        try {
            caller(CALLER_TOKEN).chat().completions().create(params);
        } catch (RuntimeException expected) {
            // Each failure is what the test is after; only the log is checked.
        }
        try (StreamResponse<ChatCompletionChunk> stream = caller(CALLER_TOKEN).chat().completions()
                .createStreaming(params)) {
            stream.stream().forEach(chunk -> { });
        } catch (RuntimeException expected) {
            // As above.
        }
    }

    void raw(String method, String path, String contentType, String body, String token) throws Exception {
        Request.Builder request = new Request.Builder().url(base + path.substring(1)).method(method, body == null
                ? null : RequestBody.create(body.getBytes(StandardCharsets.UTF_8),
                contentType == null ? null : MediaType.get(contentType)));
        try (Response response = HTTP.newCall(request.header("Authorization", "Bearer " + token).build()).execute()) {
            response.body().string();
        }
    }

    @Test
    void noLogLineShowsATokenACredentialAPromptOrAnUpstreamBody() throws Exception {
        expectReviews();
        secret(NAMESPACE, CREDENTIAL);
        // CredentialsRefused: a value with a control character in the middle, the canary on both sides.
        secret(NAMESPACE, "refused-creds", CREDENTIAL + "\t" + CREDENTIAL);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        String[][] providers = {{"context", "/openai-context-exceeded-stream"}, {"refused", "/openai-key-refused"},
                {"quota", "/openai-quota"}, {"echo", "/echo-error"}, {"echo-body", "/echo-body-error"},
                {"echo-server", "/echo-server-error"}, {"broken", "/broken"}, {"overloaded",
                "/anthropic-overloaded-stream"}, {"invalid-stream", "/openai-invalid-stream"},
                {"reset", "/openai-reset-stream"}, {"stalled", "/openai-stalled-stream"},
                {"huge", "/openai-huge-event-stream"}, {"denied", "/openai"}, {"text-only", "/openai"}};
        for (String[] provider : providers) {
            model(provider[0], provider(provider[0], provider[1].contains("anthropic") ? "AnthropicMessages"
                    : "OpenAIChatCompletions", provider[1]));
        }
        String[][] customs = {{"slow", "/slow"}, {"not-json", "/not-json"}, {"no-path", "/openai"},
                {"no-secret", "/custom"}, {"limited", "/rate-limited"}, {"plain", "/custom"}};
        for (String[] custom : customs) {
            model(custom[0], custom(custom[0], custom[1], ""));
        }
        model("closed", custom("closed", "/custom", "").replace(upstream.url("/custom"),
                "http://127.0.0.1:" + closedPort + "/custom"));
        model("tls", custom("tls", "/custom", "").replace(upstream.url("/custom"),
                "https://127.0.0.1:" + NOT_TLS.getLocalPort() + "/custom"));
        model("refused-secret", custom("refused-secret", "/custom", "").replace("{name: creds}",
                "{name: refused-creds}"));
        model("metadata", custom("metadata", "/custom", "").replace(upstream.url("/custom"),
                "http://169.254.169.254/latest"));
        awaitServed(NAMESPACE, "metadata");

        for (String[] provider : providers) {
            call(provider[0]);
        }
        for (String[] custom : customs) {
            call(custom[0]);
        }
        call("closed");
        call("tls");
        call("refused-secret");
        call("metadata");
        call("unknown");
        try {
            caller(CALLER_TOKEN).chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(NAMESPACE + "/text-only").addUserMessageOfArrayOfContentParts(List.of(
                            ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text(PROMPT)
                                    .build()),
                            ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                    .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                            .url("https://example.com/" + PROMPT + ".png").build()).build())))
                    .build());
        } catch (RuntimeException expected) {
            // FeatureNotSupported.
        }
        String chat = "{\"model\": \"" + NAMESPACE + "/plain\", \"messages\": [{\"role\": \"user\", \"content\": \""
                + PROMPT + "\"}]}";
        raw("POST", "/v1/chat/completions", "application/json", chat, "forged-" + CALLER);
        raw("POST", "/v1/chat/completions", "text/plain", chat, CALLER_TOKEN);
        raw("PUT", "/v1/chat/completions", "application/json", chat, CALLER_TOKEN);
        raw("POST", "/v1/chat/completions", "application/json", chat.replace("}]}", ", " + PROMPT), CALLER_TOKEN);
        raw("POST", "/v1/chat/completions", "application/json", chat.replace(PROMPT, PROMPT.repeat(60_000)),
                CALLER_TOKEN);
        raw("POST", "/api/v1/namespaces/" + NAMESPACE + "/externalmodels/plain/invoke", "application/json",
                "{\"prompt\": \"" + PROMPT + "\", \"variables\": {\"" + PROMPT + "\": 1}}", CALLER_TOKEN);
        raw("GET", "/v1/models", null, null, CALLER_TOKEN);

        assertThat(meters.find("modelport_gateway_requests_total").tag("namespace", NAMESPACE).counters())
                .extracting(counter -> counter.getId().getTag("outcome")).as("every failure category was met")
                .containsAll(Arrays.stream(FailureCategory.values()).map(Enum::name).toList());
        List<String> canaries = List.of(CALLER, CREDENTIAL, base64(CREDENTIAL), PROMPT, base64(PROMPT),
                UPSTREAM_BODY);
        List<String> lines = Stream.concat(logs.lines().stream(), accessLines.lines().stream())
                .map(LogCapture.Line::toString).toList();
        List<String> leaks = lines.stream().filter(line -> canaries.stream().anyMatch(line::contains))
                .map(line -> line.length() > 300 ? line.substring(0, 300) + "..." : line).toList();
        assertThat(leaks).as("log lines with a canary").isEmpty();
        assertThat(lines).as("the layers did log").anyMatch(line -> line.startsWith("TRACE io.vertx.ext.web"))
                .anyMatch(line -> line.startsWith("TRACE io.netty"))
                .anyMatch(line -> line.startsWith("DEBUG io.fabric8.kubernetes.client"))
                .anyMatch(line -> line.startsWith("DEBUG dev.modelport.gateway"))
                .anyMatch(line -> line.startsWith("INFO " + AccessLog.CATEGORY));
    }

    static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)).replace("=", "");
    }
}
