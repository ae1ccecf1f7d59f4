package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * The endpoint of one spec, resolved from its Secrets ({@link CredentialResolver}) once and again only when one of
 * the Secrets it reads is another object (an informer's cache gives a changed Secret as a new object), so that the
 * calls of a model do not read, decode and digest the same Secrets each time. A failure is never kept: the next
 * call reads the Secrets again.
 */
public final class ResolvedOnce {

    /** The Secrets read, in the order of the names, and what was resolved from them. */
    private record Resolved(Secret[] read, ResolvedEndpoint endpoint) {
    }

    private final ExternalModelSpec spec;
    private final String[] names;
    private volatile Resolved last;

    public ResolvedOnce(ExternalModelSpec spec) {
        this.spec = spec;
        this.names = CredentialResolver.referencedSecrets(spec).toArray(String[]::new);
    }

    /** The endpoint with the Secrets' current values. */
    public ResolvedEndpoint resolve(SecretSource secrets) throws AdapterException {
        Resolved seen = last;
        if (seen != null && unchanged(seen.read(), secrets)) {
            return seen.endpoint();
        }
        Secret[] read = new Secret[names.length];
        for (int i = 0; i < names.length; i++) {
            read[i] = secrets.secret(names[i]);
        }
        // Resolved from the Secrets just read, so that what is kept is what they say.
        ResolvedEndpoint endpoint = CredentialResolver.resolve(spec, name -> read[indexOf(name)]);
        last = new Resolved(read, endpoint);
        return endpoint;
    }

    private boolean unchanged(Secret[] read, SecretSource secrets) {
        for (int i = 0; i < names.length; i++) {
            if (secrets.secret(names[i]) != read[i]) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a Secret the spec reads");
    }
}
