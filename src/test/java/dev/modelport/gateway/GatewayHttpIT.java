package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import dev.modelport.api.v1alpha1.Phase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's HTTP surface as a browser or a careless client meets it: only JSON bodies, the OpenAI error shape
 * for every refusal, and no CORS header, so a web page the user visits cannot make the browser call a model.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayHttpIT extends GatewayTestBase {

    static final String CHAT = "/v1/chat/completions";
    static final String INVOKE = "/api/v1/namespaces/http/externalmodels/plain/invoke";
    static final String BODY = "{\"model\": \"http/plain\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";

    @BeforeEach
    void model() {
        secret("http", TOKEN);
        if (registry.find("http", "plain").isEmpty()) {
            serve("http", custom("plain", "/custom", ""), Phase.InferenceEnabled);
            awaitServed("http", "plain");
        }
    }

    Response send(String method, String path, String contentType, String body, String... headers)
            throws Exception {
        RequestBody content = body == null ? null
                : RequestBody.create(body.getBytes(), contentType == null ? null : MediaType.get(contentType));
        Request.Builder request = new Request.Builder().url(base + path.substring(1)).method(method, content);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.newCall(request.build()).execute();
    }

    static JsonNode assertError(Response response, int status, String code) throws Exception {
        assertThat(response.code()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("message").asText()).isNotBlank();
        return error;
    }

    @Test
    void shouldRefuseBodiesThatAreNotJsonWith415BeforeCallingAnything() throws Exception {
        long calls = upstream.count("/custom");
        for (String type : new String[] {"text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "text/json", "application/jsonp", "application/json-seq"}) {
            for (String path : List.of(CHAT, INVOKE)) {
                try (Response response = send("POST", path, type, BODY)) {
                    assertError(response, 415, "unsupported_media_type");
                }
            }
        }
        try (Response response = send("POST", CHAT, null, BODY)) {
            assertError(response, 415, "unsupported_media_type");
        }
        assertThat(upstream.count("/custom")).as("nothing reached the model").isEqualTo(calls);

        for (String type : new String[] {"application/json", "application/json; charset=utf-8",
                "Application/JSON;charset=UTF-8"}) {
            try (Response response = send("POST", CHAT, type, BODY)) {
                assertThat(response.code()).as(type).isEqualTo(200);
            }
        }
        try (Response response = send("POST", INVOKE, "application/json; charset=utf-8", "{\"prompt\": \"hi\"}")) {
            assertThat(response.code()).isEqualTo(200);
        }
    }

    @Test
    void shouldAnswerOtherMethodsWith405InTheOpenAiShape() throws Exception {
        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
            String body = method.equals("GET") || method.equals("DELETE") ? null : BODY;
            try (Response response = send(method, CHAT, "application/json", body)) {
                assertError(response, 405, "method_not_allowed");
                assertThat(response.header("Allow")).isEqualTo("POST");
            }
        }
        try (Response response = send("GET", INVOKE, null, null)) {
            assertError(response, 405, "method_not_allowed");
            assertThat(response.header("Allow")).isEqualTo("POST");
        }
        try (Response response = send("POST", "/v1/models", "application/json", "{}")) {
            assertError(response, 405, "method_not_allowed");
            assertThat(response.header("Allow")).isEqualTo("GET");
        }
    }

    @Test
    void shouldNeverSendACorsHeader() throws Exception {
        String origin = "https://attacker.example";
        try (Response preflight = send("OPTIONS", CHAT, null, null, "Origin", origin,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")) {
            assertError(preflight, 405, "method_not_allowed");
            assertNoCors(preflight);
        }
        try (Response chat = send("POST", CHAT, "application/json", BODY, "Origin", origin)) {
            assertThat(chat.code()).isEqualTo(200);
            assertNoCors(chat);
        }
        try (Response refused = send("POST", CHAT, "text/plain", BODY, "Origin", origin)) {
            assertThat(refused.code()).isEqualTo(415);
            assertNoCors(refused);
        }
        try (Response models = send("GET", "/v1/models", null, null, "Origin", origin)) {
            assertThat(models.code()).isEqualTo(200);
            assertNoCors(models);
        }
    }

    static void assertNoCors(Response response) {
        assertThat(response.headers().names()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }

    @Test
    void shouldAnswerInputErrorsWithTheRightStatusAndAShortMessage() throws Exception {
        try (Response response = send("POST", CHAT, "application/json", BODY.replace("{", "{\"stream\": \"yes\", "))) {
            assertThat(assertError(response, 400, "InvalidInput").path("message").asText())
                    .isEqualTo("stream must be a boolean");
        }
        try (Response response = send("POST", CHAT, "application/json", BODY.replace("\"model\": \"http/plain\", ",
                ""))) {
            assertThat(assertError(response, 400, "InvalidInput").path("message").asText())
                    .startsWith("model is required");
        }
        String hostile = "http/\n" + "x".repeat(100 * 1024);
        try (Response response = send("POST", CHAT, "application/json", BODY.replace("http/plain",
                hostile.replace("\n", "\\n")))) {
            assertThat(assertError(response, 404, "model_not_found").path("message").asText())
                    .startsWith("model http/ xxx").hasSizeLessThan(150).doesNotContain("\n");
        }
        OpenAIServiceException unknown = failure(chat(hostile, "hi"));
        assertThat(unknown).isInstanceOf(NotFoundException.class);
        assertThat(unknown.code()).contains("model_not_found");
        assertThat(unknown.getMessage()).contains("model http/ xxx").hasSizeLessThan(200).doesNotContain("\n");
        try (Response response = send("POST", "/api/v1/namespaces/http/externalmodels/%0A" + "y".repeat(2000)
                + "/invoke", "application/json", "{\"prompt\": \"hi\"}")) {
            assertThat(assertError(response, 404, "model_not_found").path("message").asText())
                    .hasSizeLessThan(150).doesNotContain("\n");
        }
    }
}
