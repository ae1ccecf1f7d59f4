package dev.modelport.api.v1alpha1;

/** The authorization profiles an endpoint can use; the Secret keys each reads are listed in Authorization. */
public enum AuthorizationType {
    None,
    Bearer,
    ApiKey,
    Basic,
    OAuth2ClientCredentials
}
