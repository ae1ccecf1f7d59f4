package dev.modelport.gateway.auth;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;

/** API server answers for the mock server's expectations. */
final class ReviewFixtures {

    static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    static final String USER = "system:serviceaccount:apps:chatbot";
    static final List<String> GROUPS = List.of("system:serviceaccounts", "system:serviceaccounts:apps",
            "system:authenticated");
    static final String UID = "5f0c2a8e-1b7d-4e55-9a51-0d6f3c2b9e11";
    static final Map<String, List<String>> EXTRA = Map.of("authentication.kubernetes.io/pod-name",
            List.of("chatbot-7d9f"));

    private ReviewFixtures() {
    }

    /**
     * A client of the mock server without fabric8's retries, as the gateway's should be (few retries): with the
     * default ten, a 500 or a refused connection takes about 20 s to surface, and a 500 followed by a success
     * would be seen as the success.
     */
    static KubernetesClient noRetryClient(KubernetesMockServer server) {
        return server.createClient(builder -> builder.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    }

    static TokenReview authenticated(List<String> audiences) {
        return new TokenReviewBuilder()
                .withNewStatus()
                .withAuthenticated(true)
                .withAudiences(audiences)
                .withNewUser()
                .withUsername(USER)
                .withGroups(GROUPS)
                .withUid(UID)
                .withExtra(EXTRA)
                .endUser()
                .endStatus()
                .build();
    }

    static TokenReview authenticated() {
        return authenticated(null);
    }

    static TokenReview unauthenticated() {
        return new TokenReviewBuilder()
                .withNewStatus()
                .withAuthenticated(false)
                .withError("[invalid bearer token, token lookup failed]")
                .endStatus()
                .build();
    }

    static SubjectAccessReview access(boolean allowed) {
        return new SubjectAccessReviewBuilder()
                .withNewStatus()
                .withAllowed(allowed)
                .withReason(allowed ? "RBAC: allowed by RoleBinding \"chatbot\"" : "")
                .endStatus()
                .build();
    }
}
