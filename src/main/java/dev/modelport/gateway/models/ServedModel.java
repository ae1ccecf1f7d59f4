package dev.modelport.gateway.models;

import dev.modelport.adapter.Structure;
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
}
