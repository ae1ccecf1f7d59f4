package dev.modelport.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    @Test
    void shouldReportTextForAProviderModelThatDeclaresNoModality() {
        ExternalModelSpec spec = provider(ProviderApi.AnthropicMessages);
        spec.configuration.provider.features.structuredResponse = true;

        Capabilities capabilities = Capabilities.of(spec);

        assertThat(capabilities.modalities).containsExactly(Modality.TextToText);
        assertThat(capabilities.structuredOutput).isTrue();
        assertThat(capabilities.streaming).isFalse();
        assertThat(capabilities.tools).isTrue();
        assertThat(Capabilities.serves(spec, Modality.TextToImage)).isFalse();
    }

    @Test
    void shouldReportAnImageModalityAndStructuredOutputForACustomModelThatDeclaresThem() {
        ExternalModelSpec spec = custom("{\"prompt\": \"{{prompt}}\", \"schema\": {{ responseSchema }}}");
        spec.configuration.custom.response = new ResponsePaths();
        spec.configuration.custom.response.imagePath = "$.images[0]";

        Capabilities capabilities = Capabilities.of(spec);

        assertThat(capabilities.modalities).containsExactly(Modality.TextToText, Modality.TextToImage);
        assertThat(capabilities.structuredOutput).isTrue();
        assertThat(capabilities.tools).isFalse();
        assertThat(capabilities.dataGeneration).isFalse();
        assertThat(Capabilities.serves(spec, Modality.TextToImage)).isTrue();
    }

    @Test
    void shouldReportTextOnlyForAPlainCustomModel() {
        Capabilities capabilities = Capabilities.of(custom("{\"inputs\": \"{{prompt}}\"}"));

        assertThat(capabilities.modalities).containsExactly(Modality.TextToText);
        assertThat(capabilities.structuredOutput).isFalse();
        assertThat(capabilities.streaming).isFalse();
    }

    @Test
    void shouldReportStreamingForACustomModelThatDeclaresItsStream() {
        ExternalModelSpec spec = custom("{\"inputs\": \"{{prompt}}\", \"stream\": {{stream}}}");
        spec.configuration.custom.streaming = new CustomStreaming();

        assertThat(Capabilities.of(spec).streaming).isTrue();
    }

    private static ExternalModelSpec provider(ProviderApi api) {
        ExternalModelSpec spec = new ExternalModelSpec();
        spec.configuration = new Configuration();
        spec.configuration.provider = new ProviderConfiguration();
        spec.configuration.provider.api = api;
        spec.configuration.provider.features = new ProviderFeatures();
        return spec;
    }

    private static ExternalModelSpec custom(String body) {
        ExternalModelSpec spec = new ExternalModelSpec();
        spec.configuration = new Configuration();
        spec.configuration.custom = new CustomConfiguration();
        spec.configuration.custom.body = body;
        return spec;
    }
}
