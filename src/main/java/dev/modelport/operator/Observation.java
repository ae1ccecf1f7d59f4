package dev.modelport.operator;

import dev.modelport.adapter.AdapterException;
import dev.modelport.validation.Violation;
import java.time.Instant;
import java.util.List;

/**
 * What one reconcile found, in the order it looks: the spec's problems, then the credentials, then the
 * connectivity test for the current inputs, then the inference Service.
 *
 * @param credentialsFailure why the credentials could not be resolved, or null
 * @param test the test outcome for the current inputs, or null while the test runs
 * @param retryAt when a transient test failure is retried, or null
 * @param serving whether the inference Service exists and the model is served
 * @param serviceName the inference Service's name
 * @param inferenceUrl the OpenAI-compatible base URL of the Service
 */
record Observation(long generation, List<Violation> violations, AdapterException credentialsFailure,
        TestOutcome test, String inputsHash, String retestRequest, Instant retryAt, boolean serving,
        String serviceName, String inferenceUrl) {

    static Observation invalid(long generation, List<Violation> violations) {
        return new Observation(generation, violations, null, null, null, null, null, false, null, null);
    }

    static Observation credentialsFailed(long generation, AdapterException failure) {
        return new Observation(generation, List.of(), failure, null, null, null, null, false, null, null);
    }

    Observation withServing(boolean serving, String serviceName, String inferenceUrl) {
        return new Observation(generation, violations, credentialsFailure, test, inputsHash, retestRequest, retryAt,
                serving, serviceName, inferenceUrl);
    }

    boolean accepted() {
        return violations.isEmpty();
    }
}
