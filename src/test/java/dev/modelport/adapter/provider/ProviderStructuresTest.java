package dev.modelport.adapter.provider;

import static dev.modelport.adapter.provider.ProviderFixtures.assertFails;
import static dev.modelport.adapter.provider.ProviderFixtures.call;
import static dev.modelport.adapter.provider.ProviderFixtures.config;
import static dev.modelport.adapter.provider.ProviderFixtures.everything;
import static dev.modelport.adapter.provider.ProviderFixtures.inlineImage;
import static dev.modelport.adapter.provider.ProviderFixtures.textOnly;
import static dev.modelport.adapter.provider.ProviderFixtures.wav;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.MediaPart;
import dev.modelport.adapter.Structure;
import dev.modelport.api.v1alpha1.Modality;
import dev.modelport.api.v1alpha1.ProviderApi;
import dev.modelport.api.v1alpha1.ProviderConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The factory and the feature rules both provider structures enforce before rendering anything. */
class ProviderStructuresTest {

    @Test
    void shouldCreateTheStructureOfTheDeclaredApi() {
        assertThat(textOnly(ProviderApi.OpenAIChatCompletions)).isInstanceOf(OpenAiChatStructure.class);
        assertThat(textOnly(ProviderApi.AnthropicMessages)).isInstanceOf(AnthropicMessagesStructure.class);
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldStreamOnlyWhenTheModelDeclaresStreaming(ProviderApi api) {
        assertThat(ProviderStructures.of(config(api, false, true, Modality.TextToText)).streams()).isTrue();
        assertThat(textOnly(api).streams()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldRejectAnEmptyPrompt(ProviderApi api) {
        for (String prompt : new String[] {null, "", " \n\t"}) {
            assertFails(() -> everything(api).render(call(prompt).build()), FailureCategory.InvalidInput)
                    .hasMessageContaining("prompt");
        }
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldRejectCustomVariables(ProviderApi api) {
        assertFails(() -> everything(api).render(call("Hi").variable("city", TextNode.valueOf("Oslo")).build()),
                FailureCategory.InvalidInput).hasMessage("provider models take no custom variables");
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldRejectImageInputWithoutImageToTextModality(ProviderApi api) {
        Structure structure = ProviderStructures.of(config(api, true, true, Modality.TextToText,
                Modality.AudioToText));
        assertFails(() -> structure.render(call("What is this?").media(inlineImage()).build()),
                FailureCategory.FeatureNotSupported).hasMessage("image input needs modality ImageToText");
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldRejectAudioInputWithoutAudioToTextModality(ProviderApi api) {
        Structure structure = ProviderStructures.of(config(api, true, true, Modality.ImageToText));
        assertFails(() -> structure.render(call("Transcribe").media(wav()).build()),
                FailureCategory.FeatureNotSupported).hasMessage("audio input needs modality AudioToText");
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldRejectResponseFormatWithoutStructuredResponseFeature(ProviderApi api) {
        Structure structure = ProviderStructures.of(config(api, false, true, Modality.TextToText));
        assertFails(() -> structure.render(call("Hi").schema("{\"type\":\"object\"}").build()),
                FailureCategory.FeatureNotSupported).hasMessageContaining("structuredResponse");
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldRejectStreamingWithoutStreamingFeature(ProviderApi api) {
        Structure structure = ProviderStructures.of(config(api, true, false, Modality.TextToText));
        assertFails(() -> structure.render(call("Hi").stream().build()), FailureCategory.FeatureNotSupported)
                .hasMessageContaining("streaming");
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldTreatAModelWithoutFeaturesAsTextOnly(ProviderApi api) {
        ProviderConfiguration config = config(api, false, false);
        config.features = null;
        Structure structure = ProviderStructures.of(config);
        assertThat(structure.streams()).isFalse();
        assertFails(() -> structure.render(call("Hi").media(inlineImage()).build()),
                FailureCategory.FeatureNotSupported);
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldCheckTheInvocationBeforeItsOptions(ProviderApi api) {
        assertFails(() -> textOnly(api).render(call("Hi").stream().options("{\"bogus\": 1}").build()),
                FailureCategory.FeatureNotSupported);
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldRejectAResponseFormatThatIsNotAnObject(ProviderApi api) {
        assertFails(() -> everything(api).render(call("Hi").schema("[\"type\"]").build()),
                FailureCategory.InvalidInput).hasMessageContaining("response format");
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldRejectAnExampleWithoutOutput(ProviderApi api) {
        assertFails(() -> everything(api).render(call("Hi").example("in", "out").example("in", null).build()),
                FailureCategory.InvalidInput).hasMessage("example 2 needs an input and an output");
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldRejectMediaWithBothOrNeitherSource(ProviderApi api) {
        MediaPart both = new MediaPart(MediaPart.Kind.IMAGE, "image/png", "https://example.com/a.png", "AAAA");
        MediaPart neither = new MediaPart(MediaPart.Kind.IMAGE, "image/png", null, null);
        for (MediaPart part : new MediaPart[] {both, neither}) {
            assertFails(() -> everything(api).render(call("Hi").media(part).build()), FailureCategory.InvalidInput)
                    .hasMessageContaining("either a URL or inline data");
        }
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldRejectInlineMediaWithoutMediaType(ProviderApi api) {
        MediaPart part = MediaPart.inline(MediaPart.Kind.IMAGE, null, "AAAA");
        assertFails(() -> everything(api).render(call("Hi").media(part).build()), FailureCategory.InvalidInput)
                .hasMessage("inline media needs a media type");
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldRejectOptionsThatAreNotAnObject(ProviderApi api) {
        assertFails(() -> everything(api).render(call("Hi").options("[1]").build()), FailureCategory.InvalidInput)
                .hasMessage("options must be a JSON object");
    }

    @ParameterizedTest
    @EnumSource(ProviderApi.class)
    void shouldShortenAnAbsurdlyLongUnknownOptionInTheMessage(ProviderApi api) {
        String key = "k".repeat(500);
        assertFails(() -> everything(api).render(call("Hi").options("{\"" + key + "\": 1}").build()),
                FailureCategory.InvalidInput).hasMessageContaining("k".repeat(64) + "...")
                .hasMessageNotContaining("k".repeat(65));
    }
}
