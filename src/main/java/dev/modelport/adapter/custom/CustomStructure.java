package dev.modelport.adapter.custom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.AnswerFormat;
import dev.modelport.adapter.EchoedText;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.ProviderError;
import dev.modelport.adapter.StreamDecoder;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.sse.WholeStream;
import dev.modelport.adapter.template.BodyTemplate;
import dev.modelport.adapter.template.TemplateException;
import dev.modelport.api.v1alpha1.Capabilities;
import dev.modelport.api.v1alpha1.CustomConfiguration;
import dev.modelport.api.v1alpha1.CustomVariable;
import dev.modelport.api.v1alpha1.StreamFormat;
import dev.modelport.api.v1alpha1.Variables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The custom ("Default") structure: the body template rendered with the invocation's variables, the answer read
 * with the model's JSON paths, and, when the model declares streaming, its stream read event by event. The
 * template is parsed and the paths compiled once, here; each call is one linear rendering pass.
 */
public final class CustomStructure implements Structure {

    private final BodyTemplate template;
    private final Map<String, CustomVariable> declared = new LinkedHashMap<>();
    private final CustomValues values;
    private final boolean systemPrompt;
    private final boolean examples;
    /** Whether the body uses {{responseSchema}}: then a caller's JSON schema is inserted there. */
    private final boolean responseSchema;
    private final ResponseExtractor extractor;
    private final CustomStream stream;
    /** Streaming declared, and no {{stream}} to ask for a whole answer: the endpoint's answer is always a stream. */
    private final boolean alwaysStreams;
    private final AnswerFormat answerFormat;

    /**
     * @param extractor reads the answer with the model's effective paths, or null while no output path is known
     *     (before the first connectivity test detected one); parse then fails with PathNotFound
     */
    public CustomStructure(CustomConfiguration configuration, ResponseExtractor extractor) throws AdapterException {
        try {
            this.template = BodyTemplate.parse(configuration.body);
        } catch (TemplateException e) {
            throw new AdapterException(FailureCategory.InvalidInput, "the body template is invalid: " + e.getMessage());
        }
        Variables.customOf(configuration.variables).forEach(v -> declared.put(v.name, v));
        this.values = new CustomValues(declared);
        this.systemPrompt = Variables.systemPromptEnabled(configuration.variables);
        this.examples = Variables.examplesEnabled(configuration.variables);
        this.responseSchema = template.variableNames().contains(Capabilities.RESPONSE_SCHEMA_VARIABLE);
        this.extractor = extractor;
        String errorMessagePath = configuration.response == null ? null : configuration.response.errorMessagePath;
        this.stream = configuration.streaming == null ? null
                : new CustomStream(configuration.streaming, errorMessagePath);
        this.alwaysStreams = stream != null && !template.variableNames().contains("stream");
        this.answerFormat = new AnswerFormat(stream == null ? StreamFormat.SSE : stream.format(),
                errorMessagePath == null ? ProviderError::parse : new CustomErrors(errorMessagePath));
    }

    @Override
    public String render(Invocation invocation) throws AdapterException {
        checkFeatures(invocation);
        return template.render(values.of(invocation)::get);
    }

    private void checkFeatures(Invocation invocation) throws AdapterException {
        // First, so that a tool conversation (which may have no prompt) is refused for what it is.
        if (invocation.tools() != null) {
            throw unsupported("tools (and tool_choice) need a provider structure: a custom model cannot call tools");
        }
        if (!invocation.turns().isEmpty()) {
            throw unsupported("tool_calls and tool messages need a provider structure: a custom model cannot call "
                    + "tools");
        }
        if (invocation.prompt() == null || invocation.prompt().isBlank()) {
            throw invalid("prompt is required");
        }
        if (invocation.systemPrompt() != null && !systemPrompt) {
            throw unsupported("this model takes no system prompt (variables.systemPrompt is off)");
        }
        if (!invocation.examples().isEmpty() && !examples) {
            throw unsupported("this model takes no examples (variables.examples is off)");
        }
        if (!invocation.media().isEmpty()) {
            throw unsupported("image and audio input need a provider structure with the matching modality");
        }
        if (invocation.responseFormat() != null && !responseSchema) {
            throw unsupported("structured output needs {{responseSchema}} in this model's body template");
        }
        if (invocation.responseFormat() != null && !invocation.responseFormat().isObject()) {
            throw invalid("the response format must be a JSON schema object");
        }
        if (invocation.stream() && stream == null) {
            throw unsupported("this custom model does not stream (it declares no streaming)");
        }
        for (String name : invocation.variables().keySet()) {
            if (!declared.containsKey(name)) {
                throw invalid("unknown variable " + EchoedText.caller(name) + " (declared: "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())) + ")");
            }
        }
    }

    @Override
    public ModelResponse parse(JsonNode response) throws AdapterException {
        if (extractor == null) {
            throw new AdapterException(FailureCategory.PathNotFound,
                    "no output path yet: set spec.configuration.custom.response.outputPath or let the connectivity "
                            + "test detect one");
        }
        return extractor.extract(response);
    }

    @Override
    public ModelResponse parse(byte[] body) throws AdapterException {
        if (alwaysStreams) {
            return WholeStream.answer(stream.format(), streamDecoder(), body);
        }
        if (extractor == null) {
            return parse((JsonNode) null);
        }
        return extractor.extract(body);
    }

    @Override
    public boolean streams() {
        return stream != null;
    }

    @Override
    public boolean alwaysStreams() {
        return alwaysStreams;
    }

    /** One event read on its own, as the first of a stream. */
    @Override
    public List<StreamEvent> parseStreamEvent(String eventName, String data) throws AdapterException {
        return streamDecoder().event(eventName, data);
    }

    @Override
    public StreamDecoder streamDecoder() {
        if (stream == null) {
            throw new IllegalStateException("a custom model without streaming has no stream to decode");
        }
        return stream.decoder();
    }

    @Override
    public AnswerFormat answerFormat() {
        return answerFormat;
    }

    private static AdapterException invalid(String message) {
        return new AdapterException(FailureCategory.InvalidInput, message);
    }

    private static AdapterException unsupported(String message) {
        return new AdapterException(FailureCategory.FeatureNotSupported, message);
    }
}
