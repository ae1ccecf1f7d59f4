package dev.modelport.tracing;

import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.ProviderConfiguration;
import io.opentelemetry.api.common.AttributeKey;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Every attribute a Modelport span may carry: the OpenTelemetry GenAI, HTTP and error conventions' keys, and the
 * ExternalModel's identity. Identities, counts and codes only: no key here ever takes a prompt, an answer, a header
 * value, a URL's path or query, an error message or a credential.
 */
final class SpanAttributes {

    static final AttributeKey<String> OPERATION = stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = stringKey("gen_ai.provider.name");
    /** The provider under the key of the conventions before gen_ai.provider.name, which many backends still read. */
    static final AttributeKey<String> SYSTEM = stringKey("gen_ai.system");
    static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
    static final AttributeKey<Long> INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<List<String>> FINISH_REASONS = stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<String> MODEL_NAMESPACE = stringKey("modelport.model.namespace");
    static final AttributeKey<String> MODEL_NAME = stringKey("modelport.model.name");
    static final AttributeKey<String> TEST_OUTCOME = stringKey("modelport.test.outcome");
    static final AttributeKey<String> HTTP_METHOD = stringKey("http.request.method");
    static final AttributeKey<String> HTTP_ROUTE = stringKey("http.route");
    static final AttributeKey<Long> HTTP_STATUS = longKey("http.response.status_code");
    static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");
    static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");

    /** The span event of the first content, with the seconds since the span's start. */
    static final String FIRST_TOKEN = "modelport.first_token";
    static final AttributeKey<Double> TIME_TO_FIRST_TOKEN = doubleKey("modelport.time_to_first_token");

    /** The GenAI operation of both APIs that call a model (chat completions and invoke). */
    static final String CHAT = "chat";
    /** The GenAI operation of the image generation and transcription routes (multimodal content). */
    static final String GENERATE_CONTENT = "generate_content";

    private SpanAttributes() {
    }

    /** The GenAI operation of a gateway route: chat, but for the image and transcription routes. */
    static String operation(String route) {
        return route != null && (route.startsWith("/v1/images/") || route.startsWith("/v1/audio/"))
                ? GENERATE_CONTENT : CHAT;
    }

    /** The GenAI provider name of the model's API: openai, anthropic, or custom for a custom body template. */
    static String provider(ExternalModelSpec spec) {
        ProviderConfiguration provider = spec.configuration == null ? null : spec.configuration.provider;
        if (provider == null || provider.api == null) {
            return "custom";
        }
        return switch (provider.api) {
            case OpenAIChatCompletions -> "openai";
            case AnthropicMessages -> "anthropic";
        };
    }

    /** The upstream model id a provider structure sends, or null (a custom model names none). */
    static String upstreamModel(ExternalModelSpec spec) {
        ProviderConfiguration provider = spec.configuration == null ? null : spec.configuration.provider;
        return provider == null ? null : provider.model;
    }

    /** The endpoint's host only: its path and query may hold a key. */
    static String host(String endpoint) {
        HttpUrl url = endpoint == null ? null : HttpUrl.parse(endpoint);
        return url == null ? null : url.host();
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
