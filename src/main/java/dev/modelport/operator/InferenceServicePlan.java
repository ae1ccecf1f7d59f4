package dev.modelport.operator;

import dev.modelport.api.v1alpha1.ExternalModel;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/**
 * What the reconcile decided for the model's inference Service, handed to the workflow's precondition and dependent
 * in one typed value instead of loose keys.
 *
 * @param serve whether the model is served, so the Service must exist
 * @param gatewayHost the gateway Service's host name the Service points at
 */
record InferenceServicePlan(boolean serve, String gatewayHost) {

    private static final String KEY = InferenceServicePlan.class.getName();

    void handTo(Context<ExternalModel> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }

    /** The plan of the reconcile under way; empty outside one (the workflow's cleanup). */
    static Optional<InferenceServicePlan> of(Context<ExternalModel> context) {
        return context.managedWorkflowAndDependentResourceContext().get(KEY, InferenceServicePlan.class);
    }
}
