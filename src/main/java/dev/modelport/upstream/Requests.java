package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.AuthorizationType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Builds the request to a model endpoint: Content-Type and Accept, the trace context when the call is traced, then
 * the configured headers exactly as resolved (a configured Accept or traceparent replaces the default), then the
 * authorization header of the profile. A JSON body's Content-Type may be replaced by a configured one; any other
 * (a multipart form passed through, whose boundary the body needs) is sent as given.
 */
final class Requests {

    static final String JSON = "application/json";

    private Requests() {
    }

    /**
     * @param oauth2Token the access token for OAuth2ClientCredentials, else null
     * @param traceparent the W3C trace context of the call's span, else null
     */
    static Request build(HttpUrl url, ResolvedEndpoint endpoint, byte[] body, String contentType, String accept,
            String oauth2Token, String traceparent) throws AdapterException {
        Headers.Builder headers = new Headers.Builder();
        for (ResolvedHeader header : headers(endpoint, contentType, accept, oauth2Token, traceparent)) {
            headers.addUnsafeNonAscii(header.name(), header.value());
        }
        // No media type on the body: OkHttp would overwrite the Content-Type header with it (adding a charset).
        return new Request.Builder().url(url).headers(headers.build()).post(RequestBody.create(body, null)).build();
    }

    /**
     * The request headers in order, each name once (a later one replaces an earlier one of the same name, in any
     * case), every name and value checked.
     *
     * @param oauth2Token the access token for OAuth2ClientCredentials, else null
     * @param traceparent the W3C trace context of the call's span, else null
     */
    static Collection<ResolvedHeader> headers(ResolvedEndpoint endpoint, String contentType, String accept,
            String oauth2Token, String traceparent) throws AdapterException {
        Map<String, ResolvedHeader> headers = new LinkedHashMap<>();
        put(headers, "Content-Type", contentType);
        put(headers, "Accept", accept);
        if (traceparent != null) {
            put(headers, "traceparent", traceparent);
        }
        for (ResolvedHeader header : endpoint.headers()) {
            put(headers, header.name(), header.value());
        }
        if (!JSON.equals(contentType)) {
            put(headers, "Content-Type", contentType);
        }
        ResolvedHeader authorization = authorization(endpoint, oauth2Token);
        if (authorization != null) {
            put(headers, authorization.name(), authorization.value());
        }
        return headers.values();
    }

    /**
     * The values of a request that may be secret: the credentials, the authorization as sent (a Basic pair's
     * encoding, an OAuth2 access token), every configured header value (whether one came from a Secret is not known
     * here) and the values of the URL's query, which may hold a key.
     *
     * @param oauth2Token the access token for OAuth2ClientCredentials, else null
     */
    static List<String> secretValues(HttpUrl url, ResolvedEndpoint endpoint, String oauth2Token) {
        List<String> values = new ArrayList<>(endpoint.credentials().values());
        for (int i = 0; i < url.querySize(); i++) {
            values.add(url.queryParameterValue(i));
        }
        endpoint.headers().forEach(header -> values.add(header.value()));
        ResolvedHeader authorization = oauth2Token == null
                && endpoint.authorizationType() == AuthorizationType.OAuth2ClientCredentials ? null
                : authorization(endpoint, oauth2Token);
        if (authorization != null) {
            String value = authorization.value();
            values.add(value.substring(value.indexOf(' ') + 1));
        }
        values.removeIf(value -> value == null || value.isBlank());
        return values;
    }

    private static ResolvedHeader authorization(ResolvedEndpoint endpoint, String oauth2Token) {
        var credentials = endpoint.credentials();
        return switch (endpoint.authorizationType()) {
            case None -> null;
            case Bearer -> new ResolvedHeader("Authorization", "Bearer " + credentials.get("token"));
            case ApiKey -> new ResolvedHeader(endpoint.apiKeyHeader(), credentials.get("apiKey"));
            case Basic -> new ResolvedHeader("Authorization", basic(credentials.get("username"),
                    credentials.get("password")));
            case OAuth2ClientCredentials -> new ResolvedHeader("Authorization", "Bearer " + oauth2Token);
        };
    }

    /** RFC 7617 with the UTF-8 charset. */
    private static String basic(String username, String password) {
        byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair);
    }

    /**
     * Sets a header after checking it here, because the HTTP clients' own checks put the value into the exception
     * message. Non-ASCII values are sent as UTF-8; control characters (CR and LF above all) are refused.
     */
    private static void put(Map<String, ResolvedHeader> headers, String name, String value) throws AdapterException {
        if (name == null || name.isEmpty() || !name.chars().allMatch(Requests::isTokenChar)) {
            throw new AdapterException(FailureCategory.InvalidInput, "a header name is not an HTTP token");
        }
        if (value == null) {
            throw new AdapterException(FailureCategory.InvalidInput, "header " + name + " has no value");
        }
        if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f))) {
            throw new AdapterException(FailureCategory.InvalidInput,
                    "the value of header " + name + " contains a control character");
        }
        String key = name.toLowerCase(Locale.ROOT);
        headers.remove(key);
        headers.put(key, new ResolvedHeader(name, value));
    }

    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
