package dev.modelport.operator;

import dev.modelport.api.v1alpha1.ExternalModel;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Serve only what the reconcile decided to serve (valid, confirmed, tested, toggle on); when not met, the
 * workflow deletes the Service.
 */
public class InferenceServicePrecondition implements Condition<Service, ExternalModel> {

    @Override
    public boolean isMet(DependentResource<Service, ExternalModel> dependent, ExternalModel model,
            Context<ExternalModel> context) {
        return InferenceServicePlan.of(context).map(InferenceServicePlan::serve).orElse(false);
    }
}
