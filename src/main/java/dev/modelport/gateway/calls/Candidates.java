package dev.modelport.gateway.calls;

import dev.modelport.gateway.GatewayRequest;
import dev.modelport.gateway.auth.CallerAuthorizer;
import dev.modelport.gateway.auth.Decision;
import dev.modelport.gateway.models.ModelRegistry;
import dev.modelport.gateway.models.ModelSelection;
import dev.modelport.gateway.models.ServedModel;
import dev.modelport.gateway.resilience.ModelGuard;
import dev.modelport.gateway.resilience.ModelGuards;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models a request may be answered by: the one it names, if it is served, then each fallback the caller may
 * invoke that is served, with its guard. On a thread that may block each fallback is looked up and authorized when
 * its turn comes; a request answered on its event loop has them all known first ({@link Now}).
 */
public abstract class Candidates {

    /** A model that may answer, with its guard and, on the event loop, the address its calls go to. */
    record Candidate(ServedModel model, ModelGuard guard, InetAddress address) {
    }

    final ModelSelection selection;

    private Candidates(ModelSelection selection) {
        this.selection = selection;
    }

    /** The model the request names, if it is served. */
    abstract Optional<Candidate> named();

    /** The fallback, if the caller may invoke it and it is served. */
    abstract Optional<Candidate> fallback(String name);

    /** The candidates of a request on a thread that may block: each fallback authorized when its turn comes. */
    static Candidates blocking(ModelRegistry registry, ModelGuards guards, CallerAuthorizer authorizer,
            GatewayRequest request, ModelSelection selection) {
        return new Candidates(selection) {
            @Override
            Optional<Candidate> named() {
                return registry.find(selection.namespace(), selection.name())
                        .map(model -> new Candidate(model, guard(guards, model), null));
            }

            @Override
            Optional<Candidate> fallback(String name) {
                return authorizer.authorize(request.authorization(), selection.namespace(), name).allowed()
                        ? registry.find(selection.namespace(), name)
                                .map(model -> new Candidate(model, guard(guards, model), null))
                        : Optional.empty();
            }
        };
    }

    /**
     * The candidates of a request that can be answered on its event loop, without blocking: the named model and
     * every fallback the caller may invoke are served and can be called at once ({@link ModelCalls#addressNow}), and
     * the caller's right to each fallback is already decided. Empty when the request must go to a thread that may
     * block.
     */
    static Optional<Now> now(ModelRegistry registry, ModelGuards guards, CallerAuthorizer authorizer,
            ModelCalls calls, GatewayRequest request, ModelSelection selection) {
        Optional<Candidate> named = registry.find(selection.namespace(), selection.name())
                .flatMap(model -> callableNow(guards, calls, model));
        if (named.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = named.get().guard().policy().fallbacks();
        Map<String, Candidate> fallbacks = names.isEmpty() ? Map.of() : new HashMap<>();
        for (String name : names) {
            Optional<Decision> decision = authorizer.decided(request.authorization(), selection.namespace(), name);
            if (decision.isEmpty()) {
                return Optional.empty();
            }
            Optional<ServedModel> fallback = decision.get().allowed() ? registry.find(selection.namespace(), name)
                    : Optional.empty();
            if (fallback.isPresent()) {
                Optional<Candidate> candidate = callableNow(guards, calls, fallback.get());
                if (candidate.isEmpty()) {
                    return Optional.empty();
                }
                fallbacks.put(name, candidate.get());
            }
        }
        return Optional.of(new Now(selection, named.get(), fallbacks));
    }

    private static Optional<Candidate> callableNow(ModelGuards guards, ModelCalls calls, ServedModel model) {
        return calls.addressNow(model).map(address -> new Candidate(model, guard(guards, model), address));
    }

    private static ModelGuard guard(ModelGuards guards, ServedModel model) {
        return guards.guard(model.namespace(), model.name(), model.spec());
    }

    /** The candidates of a request answered on its event loop, each with its address: see {@link #now}. */
    public static final class Now extends Candidates {
        private final Candidate named;
        private final Map<String, Candidate> fallbacks;

        private Now(ModelSelection selection, Candidate named, Map<String, Candidate> fallbacks) {
            super(selection);
            this.named = named;
            this.fallbacks = fallbacks;
        }

        @Override
        Optional<Candidate> named() {
            return Optional.of(named);
        }

        @Override
        Optional<Candidate> fallback(String name) {
            return Optional.ofNullable(fallbacks.get(name));
        }
    }
}
