package dev.modelport.operator;

import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.Header;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The names of the Secrets a spec reads, all in the model's own namespace. */
final class ReferencedSecrets {

    private ReferencedSecrets() {
    }

    static Set<String> of(ExternalModelSpec spec) {
        Set<String> names = new TreeSet<>();
        if (spec == null) {
            return names;
        }
        if (spec.authorization != null && spec.authorization.secretRef != null
                && spec.authorization.secretRef.name != null) {
            names.add(spec.authorization.secretRef.name);
        }
        for (Header header : spec.headers == null ? List.<Header>of() : spec.headers) {
            if (header != null && header.valueFrom != null && header.valueFrom.secretKeyRef != null
                    && header.valueFrom.secretKeyRef.name != null) {
                names.add(header.valueFrom.secretKeyRef.name);
            }
        }
        return names;
    }
}
