package dev.modelport.upstream;

import dev.modelport.api.v1alpha1.AuthorizationType;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything needed to call an endpoint, with credentials read from Secrets. toString never shows a credential,
 * a header value or the URL's query (which may hold a key).
 *
 * @param credentials the Secret values of the authorization profile by their documented keys (token, apiKey,
 *     username, password, clientId, clientSecret)
 * @param credentialsHash a digest of every Secret value used (credentials and headers), so a change can be noticed
 *     without keeping the values
 */
public record ResolvedEndpoint(String url, AuthorizationType authorizationType, String apiKeyHeader, String tokenUrl,
        List<String> scopes, Map<String, String> credentials, List<ResolvedHeader> headers, String credentialsHash) {

    public ResolvedEndpoint {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /**
     * The host the endpoint calls, with its port when the URL names one ({@code host:port}), lower case: what the
     * connectivity tests to one host are bounded by. The URL is a validated http(s) URL.
     */
    public String host() {
        URI uri = URI.create(url);
        return (uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort()).toLowerCase(Locale.ROOT);
    }

    /** The same endpoint, credentials and headers at another URL: a sibling route of the same API. */
    public ResolvedEndpoint withUrl(String otherUrl) {
        return new ResolvedEndpoint(otherUrl, authorizationType, apiKeyHeader, tokenUrl, scopes, credentials, headers,
                credentialsHash);
    }

    @Override
    public String toString() {
        int query = url.indexOf('?');
        return "ResolvedEndpoint[" + (query < 0 ? url : url.substring(0, query) + "?...") + ", " + authorizationType
                + ", headers=" + headers + "]";
    }
}
