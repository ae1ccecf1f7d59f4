package dev.modelport.connectivity;

import dev.modelport.adapter.AdapterException;
import dev.modelport.api.v1alpha1.DetectedPaths;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.api.v1alpha1.ResponsePaths;

/**
 * The outcome of one connectivity test, in the shapes the operator writes to status.
 *
 * @param detectedPaths what detection found in the response, or null when no JSON response arrived
 * @param effectivePaths the paths answers are read with: the spec's where set, else the detected ones
 * @param failure why the test failed, or null when it passed
 * @param credentialsHash digest of the Secret values used, or null when they could not be resolved
 */
public record TestResult(LastTest lastTest, DetectedPaths detectedPaths, ResponsePaths effectivePaths,
        AdapterException failure, String credentialsHash) {

    public boolean passed() {
        return failure == null;
    }
}
