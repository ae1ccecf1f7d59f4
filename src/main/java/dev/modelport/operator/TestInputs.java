package dev.modelport.operator;

/**
 * What a connectivity test runs for: a digest of the spec generation and the referenced Secret values, and the
 * retest annotation's value (null when unset). A change of either runs the test again.
 */
record TestInputs(String hash, String retestRequest) {
}
