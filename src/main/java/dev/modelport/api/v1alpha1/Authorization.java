package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Rules.SECRET_REF_REQUIRED, message = Rules.SECRET_REF_REQUIRED_MESSAGE)
@ValidationRule(value = Rules.API_KEY_HEADER_REQUIRED, message = Rules.API_KEY_HEADER_REQUIRED_MESSAGE)
@ValidationRule(value = Rules.HEADER_ONLY_FOR_API_KEY, message = Rules.HEADER_ONLY_FOR_API_KEY_MESSAGE)
@ValidationRule(value = Rules.TOKEN_URL_REQUIRED, message = Rules.TOKEN_URL_REQUIRED_MESSAGE)
@ValidationRule(value = Rules.OAUTH2_FIELDS_ONLY_FOR_OAUTH2, message = Rules.OAUTH2_FIELDS_ONLY_FOR_OAUTH2_MESSAGE)
public class Authorization {

    @JsonPropertyDescription("Authorization profile type. None: no credentials. Bearer: 'Authorization: Bearer "
            + "<token>' with Secret key 'token'. ApiKey: the Secret key 'apiKey' sent in the header named by "
            + "'header'. Basic: 'Authorization: Basic' from Secret keys 'username' and 'password'. "
            + "OAuth2ClientCredentials: a token fetched from tokenUrl with Secret keys 'clientId' and "
            + "'clientSecret', sent as a Bearer token.")
    @Required
    public AuthorizationType type;

    @JsonPropertyDescription("The Secret in the model's namespace that holds the credentials; required for every "
            + "type except None. Keys per type: Bearer 'token'; ApiKey 'apiKey'; Basic 'username' and 'password'; "
            + "OAuth2ClientCredentials 'clientId' and 'clientSecret'.")
    public SecretReference secretRef;

    @JsonPropertyDescription("ApiKey only: the name of the header that carries the key, e.g. x-api-key.")
    @Size(max = 128)
    @ValidationRule(value = Rules.HEADER_NAME, message = Rules.HEADER_NAME_MESSAGE)
    public String header;

    @JsonPropertyDescription("OAuth2ClientCredentials only: the token endpoint, an absolute http or https URL.")
    @Size(max = 2048)
    @ValidationRule(value = Rules.URL, message = Rules.URL_MESSAGE)
    @ValidationRule(value = Rules.NO_USER_INFO, message = Rules.NO_USER_INFO_MESSAGE)
    public String tokenUrl;

    @JsonPropertyDescription("OAuth2ClientCredentials only: scopes requested with the token.")
    @Size(max = 32)
    public List<@Size(max = 256) String> scopes;

    /** The effective type: an omitted profile or type means None. */
    public static AuthorizationType typeOf(Authorization authorization) {
        return authorization == null || authorization.type == null ? AuthorizationType.None : authorization.type;
    }
}
