package dev.modelport.gateway.models;

import dev.modelport.adapter.Structure;
import dev.modelport.api.v1alpha1.Capabilities;
import dev.modelport.api.v1alpha1.ExternalModelSpec;

/**
 * A model the gateway serves: its identity, creation time (epoch seconds), its spec as last seen by the informer
 * and its compiled structure.
 */
public record ServedModel(String namespace, String name, long created, ExternalModelSpec spec,
        Structure structure) {

    /** The OpenAI model id: {@code <namespace>/<name>}. */
    public String id() {
        return namespace + "/" + name;
    }

    /** The name shown to users: spec.displayName, else the model's name. */
    public String displayName() {
        return spec != null && spec.displayName != null && !spec.displayName.isBlank() ? spec.displayName : name;
    }

    /** What the served spec offers: what status.capabilities says of the same spec. */
    public Capabilities capabilities() {
        return Capabilities.of(spec);
    }
}
