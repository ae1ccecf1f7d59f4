package dev.modelport.openapi;

import dev.modelport.api.v1alpha1.AuthorizationType;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The authorization profile from the operation's security requirement (or the document's): the first alternative
 * whose schemes map to a profile. http bearer is Bearer, http basic is Basic, an apiKey in a header is ApiKey with
 * that header, oauth2 with a clientCredentials flow is OAuth2ClientCredentials with its tokenUrl and the scopes the
 * requirement names. What cannot be mapped is in {@code unmapped}, with why.
 *
 * @param type None when the operation needs no credentials (or none could be mapped)
 * @param scheme the components.securitySchemes name, or null
 * @param secretKeys the keys the Secret must hold, in order
 */
record AuthorizationPlan(AuthorizationType type, String scheme, String header, String tokenUrl, List<String> scopes,
        List<String> secretKeys, List<String> unmapped) {

    static AuthorizationPlan of(OpenAPI api, SelectedOperation selected) {
        List<SecurityRequirement> requirements = selected.operation().getSecurity() != null
                ? selected.operation().getSecurity() : api.getSecurity();
        List<String> unmapped = new ArrayList<>();
        if (requirements == null) {
            return none(unmapped);
        }
        Map<String, SecurityScheme> schemes = api.getComponents() == null
                || api.getComponents().getSecuritySchemes() == null ? Map.of()
                : api.getComponents().getSecuritySchemes();
        for (SecurityRequirement requirement : requirements) {
            if (requirement.isEmpty()) {
                return none(unmapped);  // {} among the alternatives: credentials are optional
            }
            if (requirement.size() > 1) {
                unmapped.add("security " + requirement.keySet() + ": several schemes at once; a model has one "
                        + "authorization profile");
                continue;
            }
            Map.Entry<String, List<String>> only = requirement.entrySet().iterator().next();
            SecurityScheme scheme = schemes.get(only.getKey());
            if (scheme == null) {
                unmapped.add("security " + only.getKey() + ": no such scheme in components.securitySchemes");
                continue;
            }
            AuthorizationPlan plan = map(only.getKey(), scheme, only.getValue(), unmapped);
            if (plan != null) {
                return plan;
            }
        }
        return none(unmapped);
    }

    private static AuthorizationPlan map(String name, SecurityScheme scheme, List<String> scopes,
            List<String> unmapped) {
        String label = "components.securitySchemes." + name;
        if (scheme.getType() == SecurityScheme.Type.HTTP && "bearer".equalsIgnoreCase(scheme.getScheme())) {
            return new AuthorizationPlan(AuthorizationType.Bearer, name, null, null, List.of(), List.of("token"),
                    unmapped);
        }
        if (scheme.getType() == SecurityScheme.Type.HTTP && "basic".equalsIgnoreCase(scheme.getScheme())) {
            return new AuthorizationPlan(AuthorizationType.Basic, name, null, null, List.of(),
                    List.of("username", "password"), unmapped);
        }
        if (scheme.getType() == SecurityScheme.Type.APIKEY && scheme.getIn() == SecurityScheme.In.HEADER) {
            return new AuthorizationPlan(AuthorizationType.ApiKey, name, scheme.getName(), null, List.of(),
                    List.of("apiKey"), unmapped);
        }
        if (scheme.getType() == SecurityScheme.Type.OAUTH2 && scheme.getFlows() != null
                && scheme.getFlows().getClientCredentials() != null) {
            OAuthFlow flow = scheme.getFlows().getClientCredentials();
            if (flow.getTokenUrl() == null || !flow.getTokenUrl().matches("(?i)https?://.+")) {
                unmapped.add(label + ": the clientCredentials flow has no absolute tokenUrl");
                return null;
            }
            return new AuthorizationPlan(AuthorizationType.OAuth2ClientCredentials, name, null, flow.getTokenUrl(),
                    scopes == null ? List.of() : scopes, List.of("clientId", "clientSecret"), unmapped);
        }
        unmapped.add(label + ": " + describe(scheme) + " has no Modelport authorization profile");
        return null;
    }

    private static String describe(SecurityScheme scheme) {
        if (scheme.getType() == SecurityScheme.Type.APIKEY) {
            return "an apiKey in " + scheme.getIn();
        }
        if (scheme.getType() == SecurityScheme.Type.HTTP) {
            return "http " + scheme.getScheme();
        }
        if (scheme.getType() == SecurityScheme.Type.OAUTH2) {
            return "oauth2 without a clientCredentials flow";
        }
        return String.valueOf(scheme.getType());
    }

    private static AuthorizationPlan none(List<String> unmapped) {
        return new AuthorizationPlan(AuthorizationType.None, null, null, null, List.of(), List.of(), unmapped);
    }
}
