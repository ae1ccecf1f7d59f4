package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.InferenceStatus;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.validation.Violation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether a model is served: it asks to be, its credentials resolve, and a generation passed its test. */
class ServingTest {

    private static final Observation RUNNING = new Observation(2, List.of(), null, null, "h", null, null, false,
            null, null);
    private static final Observation PASSED = new Observation(2, List.of(), null,
            new TestOutcome(true, "TestPassed", "ok", false, new LastTest(), null), "h", null, null, false, null, null);

    @Test
    void shouldServeTheCurrentGenerationOnceItsTestPassed() {
        assertThat(Serving.decide(model(false), PASSED)).isTrue();
        assertThat(Serving.decide(model(false), RUNNING)).as("nothing tested, nothing served").isFalse();
    }

    @Test
    void shouldKeepServingTheTestedGenerationWhileTheCurrentOneIsTestedInvalidOrFailed() {
        assertThat(Serving.decide(model(true), RUNNING)).isTrue();
        assertThat(Serving.decide(model(true), Observation.invalid(2, List.of(new Violation("spec.x", "bad")))))
                .isTrue();
        assertThat(Serving.decide(model(true), new Observation(2, List.of(), null,
                new TestOutcome(false, "HTTPStatus", "502", true, new LastTest(), null), "h", null, null, false, null,
                null))).isTrue();
    }

    @Test
    void shouldServeNothingWhenTheModelNoLongerAsksOrItsCredentialsFail() {
        ExternalModel off = model(true);
        off.getSpec().inference.enabled = false;
        ExternalModel draft = model(true);
        draft.getSpec().draft = true;
        ExternalModel deleting = model(true);
        deleting.getMetadata().setDeletionTimestamp("2026-12-06T00:00:00Z");
        for (ExternalModel model : List.of(off, draft, deleting)) {
            assertThat(Serving.decide(model, PASSED)).isFalse();
        }
        assertThat(Serving.decide(model(true), Observation.credentialsFailed(2,
                new AdapterException(FailureCategory.CredentialsMissing, "Secret creds not found")))).isFalse();
    }

    private static ExternalModel model(boolean servesGenerationOne) {
        ExternalModel model = Serialization.unmarshal("""
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata: {name: m, namespace: n, generation: 2}
                spec:
                  endpoint: https://llm.example.com/v1
                  configuration: {custom: {body: '{"input": "{{prompt}}"}'}}
                  test: {prompt: ping}
                  inference: {enabled: true}
                """, ExternalModel.class);
        model.setStatus(new ExternalModelStatus());
        if (servesGenerationOne) {
            model.getStatus().inference = new InferenceStatus();
            model.getStatus().inference.generation = 1L;
            model.getStatus().inference.spec = new ObjectMapper().valueToTree(model.getSpec());
        }
        return model;
    }
}
