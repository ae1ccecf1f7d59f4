package dev.modelport.operator;

import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.ExternalModelStatus;

/**
 * Whether a model is served, decided once per reconcile and handed to the inference Service's precondition and to
 * the status: it asks to be served (confirmed, toggle on, not being deleted), its credentials resolve, and a
 * generation passed its test: the current one, or, while the current one is tested, invalid or failed, the one
 * the status already serves. Pure.
 */
final class Serving {

    private Serving() {
    }

    static boolean decide(ExternalModel model, Observation observation) {
        ExternalModelSpec spec = model.getSpec();
        if (model.getMetadata().getDeletionTimestamp() != null || ExternalModelSpec.isDraft(spec)
                || !ExternalModelSpec.isInferenceEnabled(spec) || observation.credentialsFailure() != null) {
            return false;
        }
        boolean currentPassed = observation.accepted() && observation.test() != null && observation.test().passed();
        return currentPassed || servesPrevious(model.getStatus());
    }

    /** Whether the status names a served generation with its spec. */
    static boolean servesPrevious(ExternalModelStatus status) {
        return status != null && status.inference != null && status.inference.spec != null
                && status.inference.generation != null;
    }
}
