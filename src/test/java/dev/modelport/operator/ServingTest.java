package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.InferenceStatus;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.api.v1alpha1.Serving;
import dev.modelport.validation.Violation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whether a model is served: it asks to be, its credentials resolve, and a generation passed its test; the gateway
 * applies the same rule to the status the operator wrote.
 */
class ServingTest {

    private static final TestInputs INPUTS = new TestInputs("h", null);
    private static final Observation RUNNING = Observation.checked(2, INPUTS, null, null);
    private static final Observation PASSED = Observation.checked(2, INPUTS,
            new TestOutcome(true, "TestPassed", "ok", false, new LastTest(), null), null);

    @Test
    void shouldServeTheCurrentGenerationOnceItsTestPassed() {
        assertThat(PASSED.serves(model(false))).isTrue();
        assertThat(RUNNING.serves(model(false))).as("nothing tested, nothing served").isFalse();
        assertThat(Serving.served(model(false))).as("the gateway waits for the status to name it").isFalse();
    }

    @Test
    void shouldKeepServingTheTestedGenerationWhileTheCurrentOneIsTestedInvalidOrFailed() {
        assertThat(RUNNING.serves(model(true))).isTrue();
        assertThat(Observation.invalid(2, List.of(new Violation("spec.x", "bad"))).serves(model(true))).isTrue();
        assertThat(Observation.checked(2, INPUTS,
                new TestOutcome(false, "HTTPStatus", "502", true, new LastTest(), null), null).serves(model(true)))
                .isTrue();
        assertThat(Serving.served(model(true))).isTrue();
    }

    @Test
    void shouldServeNothingWhenTheModelNoLongerAsksOrItsCredentialsFail() {
        ExternalModel off = model(true);
        off.getSpec().inference.enabled = false;
        ExternalModel draft = model(true);
        draft.getSpec().draft = true;
        ExternalModel deleting = model(true);
        deleting.getMetadata().setDeletionTimestamp("2026-12-06T00:00:00Z");
        ExternalModel unreadable = Serialization.unmarshal(MODEL.replace("{prompt: ping}",
                "{prompt: ping, unknownField: 1}"), ExternalModel.class);
        unreadable.setStatus(model(true).getStatus());
        assertThat(unreadable.getSpec().unreadable).isNotNull();
        for (ExternalModel model : List.of(off, draft, deleting, unreadable)) {
            assertThat(PASSED.serves(model)).as("the operator").isFalse();
            assertThat(Serving.served(model)).as("the gateway").isFalse();
        }
        assertThat(Observation.credentialsFailed(2,
                new AdapterException(FailureCategory.CredentialsMissing, "Secret creds not found")).serves(model(true)))
                .isFalse();
    }

    private static final String MODEL = """
            apiVersion: modelport.dev/v1alpha1
            kind: ExternalModel
            metadata: {name: m, namespace: n, generation: 2}
            spec:
              endpoint: https://llm.example.com/v1
              configuration: {custom: {body: '{"input": "{{prompt}}"}'}}
              test: {prompt: ping}
              inference: {enabled: true}
            """;

    private static ExternalModel model(boolean servesGenerationOne) {
        ExternalModel model = Serialization.unmarshal(MODEL, ExternalModel.class);
        model.setStatus(new ExternalModelStatus());
        if (servesGenerationOne) {
            model.getStatus().inference = InferenceStatus.of("m-inference", "http://m-inference.n.svc:8080/v1", 1,
                    model.getSpec(), null);
        }
        return model;
    }
}
