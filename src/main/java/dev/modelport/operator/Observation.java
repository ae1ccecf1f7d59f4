package dev.modelport.operator;

import dev.modelport.adapter.AdapterException;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.Serving;
import dev.modelport.validation.Violation;
import java.time.Instant;
import java.util.List;

/**
 * What one reconcile found, in the order it looks: the spec's problems, then the credentials, then the
 * connectivity test for the current inputs, then the inference Service. Made by the factories, one per stage the
 * reconcile reached.
 *
 * @param credentialsFailure why the credentials could not be resolved, or null
 * @param inputs what the test runs with, or null when the reconcile stopped before the test
 * @param test the test outcome for the current inputs, or null while the test runs
 * @param retryAt when a transient test failure is retried, or null
 * @param service the inference Service the model is served through, or null when it is not served
 */
record Observation(long generation, List<Violation> violations, AdapterException credentialsFailure,
        TestInputs inputs, TestOutcome test, Instant retryAt, InferenceService service) {

    /** The Service a served model is reached through: its name and the OpenAI-compatible base URL. */
    record InferenceService(String name, String url) {
    }

    static Observation invalid(long generation, List<Violation> violations) {
        return new Observation(generation, List.copyOf(violations), null, null, null, null, null);
    }

    static Observation credentialsFailed(long generation, AdapterException failure) {
        return new Observation(generation, List.of(), failure, null, null, null, null);
    }

    /** Valid and resolved: the test's outcome for these inputs (null while it runs), and its retry, if any. */
    static Observation checked(long generation, TestInputs inputs, TestOutcome test, Instant retryAt) {
        return new Observation(generation, List.of(), null, inputs, test, retryAt, null);
    }

    Observation servedThrough(InferenceService service) {
        return new Observation(generation, violations, credentialsFailure, inputs, test, retryAt, service);
    }

    boolean accepted() {
        return violations.isEmpty();
    }

    boolean serving() {
        return service != null;
    }

    /**
     * Whether the model is to be served, decided once per reconcile and handed to the inference Service and the
     * status: its credentials resolve, and the rule the gateway applies too holds, with the current generation
     * counting as passed when its test just passed.
     */
    boolean serves(ExternalModel model) {
        boolean currentPassed = accepted() && test != null && test.passed();
        return credentialsFailure == null && Serving.served(model, currentPassed);
    }
}
