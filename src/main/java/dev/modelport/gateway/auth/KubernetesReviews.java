package dev.modelport.gateway.auth;

import dev.modelport.api.v1alpha1.ExternalModel;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collections;
import java.util.List;

/**
 * The two API server calls behind a decision: who the token belongs to (TokenReview), and whether that user may
 * create the invoke subresource of the model (SubjectAccessReview), which is what a Role grants with
 * {@code resources: [externalmodels/invoke], verbs: [create]}. Both throw KubernetesClientException when the API
 * server cannot answer.
 */
final class KubernetesReviews {

    static final String RESOURCE = "externalmodels";
    static final String SUBRESOURCE = "invoke";
    static final String VERB = "create";

    private final KubernetesClient client;
    private final List<String> audiences;

    KubernetesReviews(KubernetesClient client, List<String> audiences) {
        this.client = client;
        this.audiences = audiences;
    }

    /** The token's user, or null when the API server does not vouch for it (for one of our audiences, if any). */
    UserInfo authenticate(String token) {
        TokenReview request = new TokenReviewBuilder()
                .withNewSpec()
                .withToken(token)
                // Empty means the API server's own audiences; sent as absent rather than as an empty list.
                .withAudiences(audiences.isEmpty() ? null : audiences)
                .endSpec()
                .build();
        TokenReview response = client.authentication().v1().tokenReviews().create(request);
        TokenReviewStatus status = response == null ? null : response.getStatus();
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null
                || isBlank(status.getUser().getUsername())) {
            return null;
        }
        return audienceAccepted(status) ? status.getUser() : null;
    }

    /**
     * An API server that ignores spec.audiences (an authenticator that is not audience-aware) answers without
     * status.audiences; Kubernetes asks TokenReview clients to check them, or a token minted for another service
     * would be accepted here.
     */
    private boolean audienceAccepted(TokenReviewStatus status) {
        if (audiences.isEmpty()) {
            return true;
        }
        List<String> granted = status.getAudiences() == null ? List.of() : status.getAudiences();
        return !Collections.disjoint(audiences, granted);
    }

    /** Whether the user may invoke the model. */
    boolean mayInvoke(UserInfo user, String namespace, String modelName) {
        SubjectAccessReview request = new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user.getUsername())
                .withGroups(user.getGroups())
                .withUid(user.getUid())
                .withExtra(user.getExtra())
                .withNewResourceAttributes()
                .withGroup(ExternalModel.GROUP)
                .withResource(RESOURCE)
                .withSubresource(SUBRESOURCE)
                .withVerb(VERB)
                .withNamespace(namespace)
                .withName(modelName)
                .endResourceAttributes()
                .endSpec()
                .build();
        SubjectAccessReview response = client.authorization().v1().subjectAccessReview().create(request);
        SubjectAccessReviewStatus status = response == null ? null : response.getStatus();
        return status != null && Boolean.TRUE.equals(status.getAllowed());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
