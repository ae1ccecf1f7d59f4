package dev.modelport.gateway.media;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.JsonBodies;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.adapter.UpstreamRoute;
import dev.modelport.api.v1alpha1.Capabilities;
import dev.modelport.api.v1alpha1.Modality;
import dev.modelport.api.v1alpha1.ProviderApi;
import dev.modelport.api.v1alpha1.ProviderConfiguration;
import dev.modelport.gateway.GatewayException;
import dev.modelport.gateway.GatewayRequest;
import dev.modelport.gateway.calls.ModelCalls;
import dev.modelport.gateway.calls.ResilientCalls;
import dev.modelport.gateway.models.ModelSelection;
import dev.modelport.gateway.models.ServedModel;
import dev.modelport.upstream.UpstreamResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;

/**
 * The calls of the image generation and transcription routes, under the same guard and fallbacks as chat: an
 * OpenAI-structured model gets the caller's body passed through to its sibling route ({@link UpstreamRoute}) with
 * only the model field replaced by the upstream's model id; a custom model that declares an image path renders
 * its body template with the prompt. A model that does not serve the route's modality answers 400 naming it.
 */
@ApplicationScoped
public class MediaCalls {

    private static final String JSON = "application/json";

    /** An answer passed through as the upstream gave it: JSON, or the text formats of a transcription. */
    public record Passed(String contentType, byte[] body) {
    }

    private final ResilientCalls calls;
    private final ModelCalls models;
    private final Clock clock;

    public MediaCalls(ResilientCalls calls, ModelCalls models, Clock clock) {
        this.calls = calls;
        this.models = models;
        this.clock = clock;
    }

    /** Whether a Content-Type is multipart/form-data, with any parameters. */
    public static boolean isMultipart(String contentType) {
        return MultipartForm.isMultipart(contentType);
    }

    /** The model a form names in its model field; the caller must then be authorized for it. */
    public static ModelSelection selection(GatewayRequest request) throws GatewayException {
        String model = form(request).field("model");
        return ModelSelection.fromModelField(model == null ? null : TextNode.valueOf(model));
    }

    /** POST /v1/images/generations for the selected model; the caller must already be authorized for it. */
    public ObjectNode image(GatewayRequest request, ModelSelection selection, ObjectNode body)
            throws GatewayException {
        JsonNode prompt = body.get("prompt");
        if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) {
            throw GatewayException.invalid("prompt is required: a string describing the image");
        }
        ObjectNode answer = calls.call(request, selection, (model, timeout) -> {
            ProviderConfiguration provider = model.spec().configuration.provider;
            require(model, Modality.TextToImage);
            if (provider == null) {
                String rendered = model.structure().render(Invocation.of(prompt.asText()));
                UpstreamResponse response = models.passThrough(model, UpstreamRoute.ENDPOINT,
                        rendered.getBytes(StandardCharsets.UTF_8), JSON, timeout, request.metrics(),
                        request.trace(), request.eventLoop());
                return CustomImages.answer(model.spec().configuration.custom.response.imagePath, response.body(),
                        clock);
            }
            UpstreamResponse response = models.passThrough(model, UpstreamRoute.OPENAI_IMAGES,
                    bytes(body.deepCopy().put("model", provider.model)), JSON, timeout, request.metrics(),
                    request.trace(), request.eventLoop());
            JsonNode passed = JsonBodies.parse(response.body());
            if (!passed.isObject()) {
                throw new AdapterException(FailureCategory.InvalidJson, "the image answer is not a JSON object");
            }
            return (ObjectNode) passed;
        });
        request.metrics().tokens(usage(answer.path("usage")));
        return answer;
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return JsonBodies.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** POST /v1/audio/transcriptions for the selected model; the caller must already be authorized for it. */
    public Passed transcription(GatewayRequest request, ModelSelection selection) throws GatewayException {
        MultipartForm form = form(request);
        if (!form.has("file")) {
            throw GatewayException.invalid("file is required: the audio to transcribe, as a file part of the form");
        }
        return calls.call(request, selection, (model, timeout) -> {
            require(model, Modality.AudioToText);
            byte[] body = form.withField("model", model.spec().configuration.provider.model);
            UpstreamResponse response = models.passThrough(model, UpstreamRoute.OPENAI_TRANSCRIPTIONS, body,
                    request.contentType(), timeout, request.metrics(), request.trace(),
                    request.eventLoop());
            return new Passed(passable(response.contentType()), response.body());
        });
    }

    private static MultipartForm form(GatewayRequest request) throws GatewayException {
        return MultipartForm.parse(request.body(), request.contentType());
    }

    /**
     * Refuses a model that does not serve the modality on its route: one that does not declare it, or a structure
     * whose route it is not (transcriptions and provider images are OpenAI's; a custom model serves images only).
     */
    private static void require(ServedModel model, Modality modality) throws GatewayException {
        ProviderConfiguration provider = model.spec().configuration.provider;
        boolean openAi = provider != null && provider.api == ProviderApi.OpenAIChatCompletions;
        boolean carried = openAi || (provider == null && modality == Modality.TextToImage);
        if (!carried || !Capabilities.serves(model.spec(), modality)) {
            throw new GatewayException(400, "invalid_request_error", "modality_not_supported", "model "
                    + model.id() + " does not serve " + modality + (carried ? ": its spec does not declare it"
                    : ": only OpenAIChatCompletions models" + (modality == Modality.TextToImage
                    ? " and custom models with response.imagePath" : "") + " do"));
        }
    }

    /** JSON and plain text (OpenAI's text, srt and vtt formats) are passed on; anything else is the upstream's fault. */
    private static String passable(String contentType) throws AdapterException {
        String type = contentType == null ? JSON : contentType;
        String lower = type.toLowerCase(Locale.ROOT);
        if (!lower.startsWith(JSON) && !lower.startsWith("text/plain") && !lower.startsWith("text/vtt")) {
            throw new AdapterException(FailureCategory.InvalidJson,
                    "the transcription answer is neither JSON nor plain text");
        }
        return type;
    }

    /** The image tokens OpenAI reports (gpt-image-1), where it does. */
    private static TokenUsage usage(JsonNode usage) {
        JsonNode input = usage.path("input_tokens");
        JsonNode output = usage.path("output_tokens");
        return TokenUsage.of(input.canConvertToLong() && input.isIntegralNumber() ? input.longValue() : null,
                output.canConvertToLong() && output.isIntegralNumber() ? output.longValue() : null);
    }
}
