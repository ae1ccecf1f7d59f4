package dev.modelport.api.v1alpha1;

/**
 * Whether a model is served: the one rule the operator applies to the inference Service and the gateway applies to
 * every request. Pure.
 */
public final class Serving {

    private Serving() {
    }

    /**
     * The model asks to be served now: not being deleted, a spec this version can read, inference on and not a draft,
     * all read from the spec itself, so a switch-off applies at once.
     */
    public static boolean requested(ExternalModel model) {
        ExternalModelSpec spec = model.getSpec();
        return model.getMetadata().getDeletionTimestamp() == null && spec != null && spec.unreadable == null
                && ExternalModelSpec.isInferenceEnabled(spec) && !ExternalModelSpec.isDraft(spec);
    }

    /** Whether the status names a served generation with its spec: the newest one whose test passed. */
    public static boolean namesServedGeneration(ExternalModelStatus status) {
        return status != null && status.inference != null && status.inference.spec != null
                && status.inference.generation != null;
    }

    /**
     * Served: the model asks to be served and a generation passed its test, the current one (which only the
     * operator, having just tested it, may know) or the one the status names.
     */
    public static boolean served(ExternalModel model, boolean currentGenerationPassed) {
        return requested(model) && (currentGenerationPassed || namesServedGeneration(model.getStatus()));
    }

    /** Served, as the gateway sees it: from the status the operator wrote. */
    public static boolean served(ExternalModel model) {
        return served(model, false);
    }
}
