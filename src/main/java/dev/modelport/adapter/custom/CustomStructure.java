package dev.modelport.adapter.custom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.EchoedText;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.template.BodyTemplate;
import dev.modelport.adapter.template.TemplateException;
import dev.modelport.api.v1alpha1.CustomConfiguration;
import dev.modelport.api.v1alpha1.CustomVariable;
import dev.modelport.api.v1alpha1.Example;
import dev.modelport.api.v1alpha1.Variables;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The custom ("Default") structure: the body template rendered with the invocation's variables, the answer read
 * with the model's JSON paths. The template is parsed once, here; each call is one linear rendering pass.
 */
public final class CustomStructure implements Structure {

    private final BodyTemplate template;
    private final Map<String, CustomVariable> declared = new LinkedHashMap<>();
    private final boolean systemPrompt;
    private final boolean examples;
    private final ResponseExtractor extractor;

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
        this.systemPrompt = Variables.systemPromptEnabled(configuration.variables);
        this.examples = Variables.examplesEnabled(configuration.variables);
        this.extractor = extractor;
    }

    @Override
    public String render(Invocation invocation) throws AdapterException {
        checkFeatures(invocation);
        Map<String, JsonNode> values = new HashMap<>();
        values.put("prompt", TextNode.valueOf(invocation.prompt()));
        if (invocation.systemPrompt() != null) {
            values.put("systemPrompt", TextNode.valueOf(invocation.systemPrompt()));
        }
        if (!invocation.examples().isEmpty()) {
            values.put("examples", examplesArray(invocation.examples()));
        }
        for (CustomVariable variable : declared.values()) {
            JsonNode value = invocation.variables().get(variable.name);
            if (value == null || value.isNull()) {
                if (CustomVariable.isRequired(variable)) {
                    throw invalid("variable " + variable.name + " is required");
                }
                value = variable.defaultValue;
            } else if (!variable.type.accepts(value)) {
                throw invalid("variable " + variable.name + " must be a " + variable.type);
            }
            values.put(variable.name, value);
        }
        return template.render(values::get);
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
        if (invocation.responseFormat() != null) {
            throw unsupported("structured output needs a provider structure with structuredResponse");
        }
        if (invocation.options() != null && invocation.options().size() > 0) {
            throw unsupported("generation options go in the custom variables of this model");
        }
        if (invocation.stream()) {
            throw unsupported("custom endpoints do not stream");
        }
        for (String name : invocation.variables().keySet()) {
            if (!declared.containsKey(name)) {
                throw invalid("unknown variable " + EchoedText.caller(name) + " (declared: "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())) + ")");
            }
        }
    }

    private static ArrayNode examplesArray(List<Example> examples) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(examples.size());
        for (Example example : examples) {
            array.addObject().put("input", example.input).put("output", example.output);
        }
        return array;
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
        if (extractor == null) {
            return parse((JsonNode) null);
        }
        return extractor.extract(body);
    }

    @Override
    public boolean streams() {
        return false;
    }

    @Override
    public List<StreamEvent> parseStreamEvent(String eventName, String data) throws AdapterException {
        throw unsupported("custom endpoints do not stream");
    }

    private static AdapterException invalid(String message) {
        return new AdapterException(FailureCategory.InvalidInput, message);
    }

    private static AdapterException unsupported(String message) {
        return new AdapterException(FailureCategory.FeatureNotSupported, message);
    }
}
