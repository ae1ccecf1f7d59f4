package dev.modelport.adapter.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.MediaPart;
import dev.modelport.adapter.Structure;
import dev.modelport.api.v1alpha1.Example;
import dev.modelport.api.v1alpha1.Modality;
import dev.modelport.api.v1alpha1.ProviderApi;
import dev.modelport.api.v1alpha1.ProviderConfiguration;
import dev.modelport.api.v1alpha1.ProviderFeatures;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Builders for provider models and invocations shared by the structure tests. */
final class ProviderFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL = "test-model-1";

    private ProviderFixtures() {
    }

    static ProviderConfiguration config(ProviderApi api, boolean structured, boolean streaming,
            Modality... modalities) {
        ProviderFeatures features = new ProviderFeatures();
        features.structuredResponse = structured;
        features.streaming = streaming;
        features.modalities = List.of(modalities);
        ProviderConfiguration config = new ProviderConfiguration();
        config.api = api;
        config.model = MODEL;
        config.features = features;
        return config;
    }

    /** A model that declares everything, so only the structure itself can refuse a call. */
    static Structure everything(ProviderApi api) {
        return everything(api, MODEL);
    }

    /** The same for a given model id: the SDKs' validate() refuses ids they do not know. */
    static Structure everything(ProviderApi api, String model) {
        ProviderConfiguration config = config(api, true, true, Modality.TextToText, Modality.ImageToText,
                Modality.AudioToText);
        config.model = model;
        return ProviderStructures.of(config);
    }

    /** A model that declares text in, text out and nothing else. */
    static Structure textOnly(ProviderApi api) {
        return ProviderStructures.of(config(api, false, false, Modality.TextToText));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode render(Structure structure, Call call) throws AdapterException {
        return json(structure.render(call.build()));
    }

    /** Asserts that the call fails with the category and returns the failure for message checks. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ThrowingCallable call,
            FailureCategory category) {
        AdapterException failure = catchThrowableOfType(AdapterException.class, call);
        assertThat(failure).as("AdapterException").isNotNull();
        assertThat(failure.category()).as("category of '%s'", failure.getMessage()).isEqualTo(category);
        return assertThat((Throwable) failure);
    }

    static Call call(String prompt) {
        return new Call(prompt);
    }

    static MediaPart inlineImage() {
        return MediaPart.inline(MediaPart.Kind.IMAGE, "image/png", "iVBORw0KGgo=");
    }

    static MediaPart wav() {
        return MediaPart.inline(MediaPart.Kind.AUDIO, "audio/wav", "UklGRg==");
    }

    /** A mutable stand-in for the nine-argument Invocation constructor. */
    static final class Call {
        private final String prompt;
        private String systemPrompt;
        private final List<Example> examples = new ArrayList<>();
        private final Map<String, JsonNode> variables = new HashMap<>();
        private final List<MediaPart> media = new ArrayList<>();
        private JsonNode responseFormat;
        private String responseFormatName;
        private JsonNode options;
        private boolean stream;

        private Call(String prompt) {
            this.prompt = prompt;
        }

        Call system(String text) {
            systemPrompt = text;
            return this;
        }

        Call example(String input, String output) {
            examples.add(new Example(input, output));
            return this;
        }

        Call variable(String name, JsonNode value) {
            variables.put(name, value);
            return this;
        }

        Call media(MediaPart part) {
            media.add(part);
            return this;
        }

        Call schema(String schemaJson) {
            responseFormat = json(schemaJson);
            return this;
        }

        Call schemaName(String name) {
            responseFormatName = name;
            return this;
        }

        Call options(String optionsJson) {
            options = json(optionsJson);
            return this;
        }

        Call stream() {
            stream = true;
            return this;
        }

        Invocation build() {
            return Invocation.builder().prompt(prompt).systemPrompt(systemPrompt).examples(examples)
                    .variables(variables).media(media).responseFormat(responseFormat, responseFormatName)
                    .options(options).stream(stream).build();
        }
    }
}
