package dev.modelport.gateway.models;

import dev.modelport.adapter.Structure;
import dev.modelport.api.v1alpha1.Capabilities;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.upstream.ResolvedOnce;

/**
 * A model the gateway serves: its identity, creation time (epoch seconds), its spec as last seen by the informer,
 * its compiled structure and its endpoint as resolved from its Secrets, both kept as long as the spec is served.
 */
public record ServedModel(String namespace, String name, long created, ExternalModelSpec spec,
        Structure structure, ResolvedOnce endpoint) {

    /** A model whose endpoint is resolved afresh. */
    public ServedModel(String namespace, String name, long created, ExternalModelSpec spec, Structure structure) {
        this(namespace, name, created, spec, structure, new ResolvedOnce(spec));
    }

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
