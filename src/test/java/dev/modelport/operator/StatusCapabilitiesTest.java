package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.api.v1alpha1.Capabilities;
import dev.modelport.api.v1alpha1.Configuration;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.Modality;
import dev.modelport.api.v1alpha1.ProviderApi;
import dev.modelport.api.v1alpha1.ProviderConfiguration;
import dev.modelport.api.v1alpha1.ProviderFeatures;
import dev.modelport.validation.Violation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** status.capabilities: what the gateway's /v1/models says of the same spec, written for a valid spec only. */
class StatusCapabilitiesTest {

    private final ExternalModelStatusFactory factory = new ExternalModelStatusFactory(
            Clock.fixed(Instant.parse("2025-01-01T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void shouldWriteTheCapabilitiesOfTheSpecItsFeaturesDeclare() {
        ExternalModelSpec spec = spec(List.of(Modality.TextToText, Modality.TextToImage));
        ExternalModelStatus status = factory.build(model(spec), Observation.checked(1,
                new TestInputs("hash", null), null, null));

        assertThat(status.capabilities).isEqualTo(Capabilities.of(spec));
        assertThat(new ObjectMapper().convertValue(status.capabilities, Map.class)).isEqualTo(Map.of(
                "streaming", true, "structuredOutput", false, "dataGeneration", true, "tools", true,
                "modalities", List.of("TextToText", "TextToImage")));
    }

    @Test
    void shouldKeepTheCapabilitiesWhenAReconcileFails() {
        ExternalModel model = model(spec(List.of(Modality.AudioToText)));
        model.setStatus(factory.build(model, Observation.checked(1, new TestInputs("hash", null), null, null)));

        ExternalModelStatus failed = factory.reconcileFailed(model, "the API server refused the patch", false);

        assertThat(failed.capabilities.modalities).containsExactly(Modality.AudioToText);
    }

    @Test
    void shouldWriteNoCapabilitiesForAnInvalidSpec() {
        ExternalModelStatus status = factory.build(model(spec(List.of(Modality.TextToImage))), Observation.invalid(1,
                List.of(new Violation("spec.endpoint", "must be an absolute http or https URL"))));

        assertThat(status.capabilities).isNull();
    }

    private static ExternalModelSpec spec(List<Modality> modalities) {
        ExternalModelSpec spec = new ExternalModelSpec();
        spec.endpoint = "https://api.example.com/v1/chat/completions";
        spec.configuration = new Configuration();
        spec.configuration.provider = new ProviderConfiguration();
        spec.configuration.provider.api = ProviderApi.OpenAIChatCompletions;
        spec.configuration.provider.model = "gpt-image-1";
        spec.configuration.provider.features = new ProviderFeatures();
        spec.configuration.provider.features.streaming = true;
        spec.configuration.provider.features.dataGeneration = true;
        spec.configuration.provider.features.modalities = modalities;
        return spec;
    }

    private static ExternalModel model(ExternalModelSpec spec) {
        ExternalModel model = new ExternalModel();
        model.setSpec(spec);
        model.getMetadata().setGeneration(1L);
        return model;
    }
}
