package dev.modelport.api.v1alpha1;

/**
 * The reasons ExternalModel conditions give, besides the failure categories a failed connectivity test reports
 * (reason of Tested=False, see FailureCategory#reason). Public API: tools match on these strings, and a test pins
 * each of them.
 */
public final class ConditionReasons {

    private ConditionReasons() {
    }

    /** The spec passed validation. */
    public static final String VALID = "Valid";
    /** The spec failed validation; the message lists every problem. */
    public static final String INVALID_SPEC = "InvalidSpec";
    /** Every referenced Secret and key exists. */
    public static final String RESOLVED = "Resolved";
    /**
     * A referenced Secret or key is missing. The roles see only Secrets labelled modelport.dev/credentials=true, so
     * an unlabelled Secret is missing too (the message names both fixes).
     */
    public static final String CREDENTIALS_MISSING = "CredentialsMissing";
    /**
     * A referenced Secret is labelled but not used: of another type than Opaque or kubernetes.io/basic-auth, or a
     * referenced value is empty or has control characters.
     */
    public static final String CREDENTIALS_REFUSED = "CredentialsRefused";
    /** Not checked because an earlier step failed. */
    public static final String NOT_CHECKED = "NotChecked";
    /** The connectivity test passed. */
    public static final String TEST_PASSED = "TestPassed";
    /** The connectivity test is running. */
    public static final String TEST_RUNNING = "TestRunning";
    /** A transient test failure will be retried. */
    public static final String RETRY_SCHEDULED = "RetryScheduled";
    /** The model is a draft: validated and tested, never served. */
    public static final String DRAFT = "Draft";
    /** spec.inference.enabled is false. */
    public static final String DISABLED = "Disabled";
    /** The inference Service exists and routes to the gateway. */
    public static final String SERVICE_READY = "ServiceReady";
    /**
     * The current generation is invalid or failed its test, and the newest generation that passed stays served
     * (InferenceEnabled stays True, with this reason).
     */
    public static final String PREVIOUS_GENERATION_SERVED = "PreviousGenerationServed";
    /** The inference Service is being created. */
    public static final String SERVICE_PENDING = "ServicePending";
    /** Not served because the test did not pass. */
    public static final String TEST_FAILED = "TestFailed";
    /** The model does what it asks. */
    public static final String READY = "Ready";
    /**
     * A gateway replica's circuit breaker for the model is open: it answers 503 model_unavailable without calling the
     * endpoint (status.openCircuits says which replicas, and until when).
     */
    public static final String CIRCUIT_OPEN = "CircuitOpen";
    /** First observation: nothing is known yet. */
    public static final String PENDING = "Pending";
    /**
     * The last reconcile failed (the Kubernetes API refused a write, or a bug): Ready is Unknown while the operator
     * retries, False once it has given up until the next change; the message names the error, never a value.
     */
    public static final String RECONCILE_ERROR = "ReconcileError";
}
