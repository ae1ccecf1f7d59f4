package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.BadRequestException;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.testing.ModelAnswers;
import dev.modelport.testing.ModelYaml;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.nio.charset.StandardCharsets;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image generation and transcription routes with the official OpenAI client: an OpenAI-structured model's
 * sibling routes get the caller's body with the upstream's model id and the model's credentials; a custom model
 * with an image path renders its template; a model without the modality answers 400 naming it.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayMediaIT extends GatewayTestBase {

    static final String NS = "media";
    static final byte[] AUDIO = "RIFF-not-really-a-wav".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void models() {
        secret(NS, TOKEN);
        serveOnce("painter", ModelYaml.provider("painter", "OpenAIChatCompletions")
                .endpoint(upstream.url("/painter/v1/chat/completions")).modalities("TextToText, TextToImage"));
        serveOnce("azure-painter", ModelYaml.provider("azure-painter", "OpenAIChatCompletions")
                .endpoint(upstream.url("/azure/openai/deployments/d1/chat/completions?api-version=2024-10-21"))
                .modalities("TextToImage"));
        serveOnce("listener", ModelYaml.provider("listener", "OpenAIChatCompletions")
                .endpoint(upstream.url("/listener/v1/chat/completions")).modalities("AudioToText"));
        serveOnce("chatty", ModelYaml.provider("chatty", "OpenAIChatCompletions")
                .endpoint(upstream.url("/chatty/v1/chat/completions")));
        serveOnce("sketcher", ModelYaml.custom("sketcher").endpoint(upstream.url("/sketch"))
                .customLine("response: {outputPath: $.caption, imagePath: \"$.images[0]\"}"));
    }

    private void serveOnce(String name, ModelYaml model) {
        if (registry.find(NS, name).isEmpty()) {
            serve(NS, model.inference(true).yaml(), Phase.InferenceEnabled);
            awaitServed(NS, name);
        }
    }

    @Test
    void shouldPassAnImageRequestToTheSiblingRouteAndAnswerItsBase64Image() {
        upstream.enqueue("/painter/v1/images/generations", ModelAnswers.json("""
                {"created": 1700000000, "data": [{"b64_json": "aGVsbG8=", "revised_prompt": "a red fox"}],
                 "usage": {"input_tokens": 5, "output_tokens": 10, "total_tokens": 15}}"""));

        ImagesResponse answer = openAi().images().generate(ImageGenerateParams.builder().model(NS + "/painter")
                .prompt("a fox").size(ImageGenerateParams.Size._1024X1024).build());

        assertThat(answer.data().orElseThrow().get(0).b64Json()).contains("aGVsbG8=");
        RecordedRequest sent = upstream.last("/painter/v1/images/generations");
        JsonNode body = readTree(sent);
        assertThat(body.path("model").asText()).isEqualTo("upstream-model");
        assertThat(body.path("prompt").asText()).isEqualTo("a fox");
        assertThat(body.path("size").asText()).isEqualTo("1024x1024");
        assertThat(header(sent, "Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void shouldKeepTheEndpointsQueryAndAnswerAnImageUrl() throws Exception {
        upstream.enqueue("/azure/openai/deployments/d1/images/generations", ModelAnswers.json("""
                {"created": 1700000000, "data": [{"url": "https://images.example.com/fox.png"}]}"""));

        try (Response response = post("/v1/images/generations", null,
                "{\"model\": \"media/azure-painter\", \"prompt\": \"a fox\", \"response_format\": \"url\"}")) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("x-modelport-model")).isEqualTo("media/azure-painter");
            assertThat(json(response).at("/data/0/url").asText()).isEqualTo("https://images.example.com/fox.png");
        }
        RecordedRequest sent = upstream.last("/azure/openai/deployments/d1/images/generations");
        assertThat(sent.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
        assertThat(readTree(sent).path("response_format").asText()).isEqualTo("url");
    }

    @Test
    void shouldRenderACustomModelsTemplateAndReadItsImagePath() {
        upstream.enqueue("/sketch", ModelAnswers.json("{\"images\": [\"https://cdn.example.com/s.png\"]}"));
        upstream.enqueue("/sketch", ModelAnswers.json("{\"images\": [\"iVBORw0KGgo=\"]}"));

        ImageGenerateParams params = ImageGenerateParams.builder().model(NS + "/sketcher").prompt("a boat").build();
        assertThat(openAi().images().generate(params).data().orElseThrow().get(0).url())
                .contains("https://cdn.example.com/s.png");
        assertThat(openAi().images().generate(params).data().orElseThrow().get(0).b64Json())
                .contains("iVBORw0KGgo=");
        assertThat(readTree(upstream.last("/sketch")).path("prompt").asText()).isEqualTo("a boat");
    }

    @Test
    void shouldPassATranscriptionFormThroughWithTheUpstreamsModel() {
        upstream.enqueue("/listener/v1/audio/transcriptions", ModelAnswers.json("{\"text\": \"hello world\"}"));

        TranscriptionCreateResponse answer = openAi().audio().transcriptions().create(TranscriptionCreateParams
                .builder().model(NS + "/listener").file(AUDIO).language("en").build());

        assertThat(answer.asTranscription().text()).isEqualTo("hello world");
        RecordedRequest sent = upstream.last("/listener/v1/audio/transcriptions");
        assertThat(header(sent, "Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(header(sent, "Authorization")).isEqualTo("Bearer " + TOKEN);
        String form = sent.getBody().string(StandardCharsets.ISO_8859_1);
        assertThat(form).contains("RIFF-not-really-a-wav").contains("upstream-model").doesNotContain("media/listener")
                .contains("name=\"language\"");
    }

    @Test
    void shouldAnswerATranscriptionInPlainTextAsTheUpstreamGaveIt() throws Exception {
        upstream.enqueue("/listener/v1/audio/transcriptions", new mockwebserver3.MockResponse.Builder()
                .addHeader("Content-Type", "text/plain; charset=utf-8").body("hello world\n").build());

        try (Response response = transcribe("media/listener", AUDIO)) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(response.body().string()).isEqualTo("hello world\n");
        }
    }

    @Test
    void shouldRefuseAModelWithoutTheModalityNamingIt() throws Exception {
        Throwable image = org.assertj.core.api.Assertions.catchThrowable(() -> openAi().images().generate(
                ImageGenerateParams.builder().model(NS + "/chatty").prompt("a fox").build()));
        assertThat(image).isInstanceOf(BadRequestException.class);
        assertThat(((BadRequestException) image).code()).contains("modality_not_supported");
        assertThat(image.getMessage()).contains("TextToImage");

        try (Response response = transcribe("media/sketcher", AUDIO)) {
            assertThat(response.code()).isEqualTo(400);
            assertThat(json(response).at("/error/message").asText()).contains("AudioToText")
                    .contains("OpenAIChatCompletions");
        }
        assertThat(upstream.count("/chatty/v1/images/generations")).isZero();
    }

    @Test
    void shouldRefuseATranscriptionOverTheCapWithoutAuthorizationOrNotAForm() throws Exception {
        int before = upstream.count("/listener/v1/audio/transcriptions");
        try (Response response = transcribe("media/listener", new byte[(25 << 20) + 1])) {
            assertThat(response.code()).isEqualTo(413);
            assertThat(json(response).at("/error/code").asText()).isEqualTo("request_too_large");
        }
        Request unauthorized = new Request.Builder().url(base + "v1/audio/transcriptions").post(form("media/listener",
                AUDIO)).build();
        try (Response response = HTTP.newCall(unauthorized).execute()) {
            assertThat(response.code()).isEqualTo(401);
            assertThat(json(response).at("/error/code").asText()).isEqualTo("unauthenticated");
        }
        try (Response response = post("/v1/audio/transcriptions", null, "{\"model\": \"media/listener\"}")) {
            assertThat(response.code()).isEqualTo(415);
        }
        assertThat(upstream.count("/listener/v1/audio/transcriptions")).isEqualTo(before);
    }

    @Test
    void shouldListEachModelWithItsDisplayNameAndCapabilitiesAndAnswerOneById() throws Exception {
        try (Response response = HTTP.newCall(new Request.Builder().url(base + "v1/models").build()).execute()) {
            JsonNode painter = null;
            for (JsonNode entry : json(response).path("data")) {
                painter = entry.path("id").asText().equals("media/painter") ? entry : painter;
            }
            assertThat(painter).isNotNull();
            assertThat(painter.path("display_name").asText()).isEqualTo("painter");
            assertThat(painter.path("capabilities")).isEqualTo(MAPPER.readTree("""
                    {"streaming": false, "structuredOutput": false, "dataGeneration": false, "tools": true,
                     "modalities": ["TextToText", "TextToImage"]}"""));
        }
        assertThat(openAi().models().retrieve(NS + "/sketcher").id()).isEqualTo("media/sketcher");
        try (Response response = HTTP.newCall(new Request.Builder().url(base + "v1/models/media/sketcher").build())
                .execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(json(response).at("/capabilities/modalities")).isEqualTo(MAPPER.readTree(
                    "[\"TextToText\", \"TextToImage\"]"));
        }
        try (Response response = HTTP.newCall(new Request.Builder().url(base + "v1/models/media/nobody").build())
                .execute()) {
            assertThat(response.code()).isEqualTo(404);
            JsonNode error = json(response).path("error");
            assertThat(error.path("code").asText()).isEqualTo("model_not_found");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        }
    }

    private Response transcribe(String model, byte[] audio) throws Exception {
        return HTTP.newCall(new Request.Builder().url(base + "v1/audio/transcriptions")
                .header("Authorization", "Bearer caller").post(form(model, audio)).build()).execute();
    }

    private static RequestBody form(String model, byte[] audio) {
        return new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("model", model)
                .addFormDataPart("file", "a.wav", RequestBody.create(audio, MediaType.get("audio/wav"))).build();
    }
}
