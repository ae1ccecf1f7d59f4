package dev.modelport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DemoUpstream upstream;
    private static HttpClient http;

    @BeforeAll
    static void start() throws IOException {
        upstream = DemoUpstream.start(0);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        http.close();
        upstream.close();
    }

    @Test
    void shouldAnswerChatCompletionsDeterministicallyWithUsage() throws Exception {
        String body = """
                {"model": "demo", "messages": [{"role": "system", "content": "Be brief."},
                 {"role": "user", "content": "What is Modelport?"}]}""";
        HttpResponse<String> first = post("/v1/chat/completions", body, "Bearer demo-token");
        HttpResponse<String> second = post("/v1/chat/completions", body, "Bearer demo-token");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(second.body());
        JsonNode response = JSON.readTree(first.body());
        assertThat(response.at("/choices/0/message/content").asText())
                .isEqualTo("Hello from the Modelport demo upstream. You said: What is Modelport?");
        assertThat(response.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(response.at("/usage/prompt_tokens").asLong()).isEqualTo(5);
        assertThat(response.at("/usage/completion_tokens").asLong()).isEqualTo(11);
    }

    @Test
    void shouldRefuseChatWithoutTheDemoToken() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "Bearer wrong");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("demo-token");
    }

    @Test
    void shouldStreamOneChunkPerWordThenUsageAndDone() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", """
                {"stream": true, "stream_options": {"include_usage": true},
                 "messages": [{"role": "user", "content": "hi"}]}""", "Bearer demo-token");

        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        StringBuilder text = new StringBuilder();
        JsonNode usage = null;
        String last = null;
        for (String line : response.body().split("\n")) {
            if (!line.startsWith("data: ")) {
                continue;
            }
            last = line.substring(6);
            if (last.equals("[DONE]")) {
                continue;
            }
            JsonNode chunk = JSON.readTree(last);
            text.append(chunk.at("/choices/0/delta/content").asText(""));
            if (chunk.has("usage")) {
                usage = chunk.get("usage");
            }
        }
        assertThat(text).hasToString(DemoUpstream.answer("hi"));
        assertThat(usage).isNotNull();
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(DemoUpstream.tokens(DemoUpstream.answer("hi")));
        assertThat(last).isEqualTo("[DONE]");
    }

    @Test
    void shouldAnswerTheCustomShape() throws Exception {
        HttpResponse<String> response = post("/v1/generate", "{\"input\": \"two words\"}", null);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.at("/result/text").asText()).isEqualTo(DemoUpstream.answer("two words"));
        assertThat(body.at("/usage/promptTokens").asLong()).isEqualTo(2);
        assertThat(body.at("/usage/generatedTokens").asLong()).isEqualTo(10);
    }

    @Test
    void shouldRejectBadRequestsWithAClearError() throws Exception {
        assertThat(post("/v1/generate", "not json", null).statusCode()).isEqualTo(400);
        assertThat(post("/v1/generate", "{\"input\": 3}", null).body()).contains("input must be a string");
        assertThat(post("/v1/chat/completions", "{\"messages\": []}", "Bearer demo-token").body())
                .contains("messages must be a non-empty array");
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(upstream.url() + "/v1/generate"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    private static HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream.url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
