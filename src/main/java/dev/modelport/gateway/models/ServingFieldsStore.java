package dev.modelport.gateway.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.Serving;
import dev.modelport.informers.WithoutManagedFieldsStore;
import java.util.List;
import java.util.function.Predicate;

/**
 * The gateway's cache of ExternalModels: each kept with what serving reads ({@link ModelRegistry}) and no more, as
 * the live heap of 10,000 models is most of the gateway's (bench/operator-scale.sh HISTOGRAM=1). Kept: the metadata
 * without its annotations (kubectl's last-applied-configuration alone is a copy of the spec) and managedFields, the
 * spec, and of the status the phase, the observed generation, the CredentialsResolved condition (a model whose
 * credentials failed answers 503, not 404) and the served generation ({@code status.inference}, its detected paths
 * without the candidates they were chosen from). Dropped: the other conditions (messages and times), the last test,
 * the capabilities, the status's own detected paths and the gateways' open circuits, which no gateway reads from its
 * cache (each replica writes its own entry by server-side apply).
 *
 * <p>A served model's spec is compiled as it is stored, and its served spec's JSON tree, read once for that, is then
 * replaced by {@link #COMPILED}: the compiled copy is what calls use.
 */
final class ServingFieldsStore extends WithoutManagedFieldsStore<ExternalModel> {

    /** Stands for a served spec already compiled (status.inference.spec stays non-null: a served generation). */
    static final JsonNode COMPILED = TextNode.valueOf("compiled by the gateway");

    private final Predicate<ExternalModel> compile;

    /** @param compile compiles a served model's spec and tells whether it could (an unreadable one keeps its tree) */
    ServingFieldsStore(Predicate<ExternalModel> compile) {
        this.compile = compile;
    }

    @Override
    public ExternalModel put(String key, ExternalModel model) {
        if (model.getMetadata() != null) {
            model.getMetadata().setAnnotations(null);
        }
        if (model.getStatus() != null) {
            model.setStatus(servingPart(model.getStatus()));
            if (Serving.served(model) && compile.test(model)) {
                model.getStatus().inference.spec = COMPILED;
            }
        }
        return super.put(key, model);
    }

    /** What the gateway reads of a status, in a new status with the same served generation. */
    static ExternalModelStatus servingPart(ExternalModelStatus status) {
        ExternalModelStatus kept = new ExternalModelStatus();
        kept.phase = status.phase;
        kept.observedGeneration = status.observedGeneration;
        kept.conditions = status.conditions == null ? List.of() : status.conditions.stream()
                .filter(condition -> condition.type == ConditionType.CREDENTIALS_RESOLVED).toList();
        kept.inference = status.inference;
        if (kept.inference != null && kept.inference.detectedPaths != null) {
            kept.inference.detectedPaths.candidates = null;
        }
        return kept;
    }
}
