package dev.modelport.api.v1alpha1;

import java.util.List;

/**
 * The CEL rules of the CRD and their messages, in one place. The CRD annotations and the Java validator both read
 * these constants, so the API server and the offline validator say the same thing for the same mistake.
 */
public final class Rules {

    private Rules() {
    }

    /**
     * An absolute http(s) URL: the scheme in any case (RFC 3986), a host name or bracketed IPv6 address, an optional
     * port from 1 to 65535. User-info is matched here and refused by its own rule, so that mistake gets its own
     * message. Case classes rather than a flag: the same pattern runs in Java and in the API server's RE2.
     */
    public static final String URL_PATTERN = "^[Hh][Tt][Tt][Pp][Ss]?://([^/?#@\\s]*@)?"
            + "([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])"
            + "(:([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?"
            + "([/?#][^\\s]*)?$";
    /** Anything between the scheme and the first '/', '?' or '#' that contains '@' is user-info. */
    public static final String USER_INFO_PATTERN = "^[A-Za-z]+://[^/?#]*@";
    /** An HTTP header field name (RFC 9110 token). */
    public static final String HTTP_TOKEN_PATTERN = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";
    /** A custom variable name usable as {{name}}. */
    public static final String IDENTIFIER_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$";

    public static final List<String> RESERVED_HEADERS =
            List.of("authorization", "host", "content-length", "transfer-encoding", "connection");
    public static final List<String> RESERVED_VARIABLES =
            List.of("prompt", "systemPrompt", "examples", "stream", "responseSchema");

    public static final String URL = "self.matches(r\"" + URL_PATTERN + "\")";
    public static final String URL_MESSAGE =
            "must be an absolute http or https URL with a host, an optional port (1-65535) and no spaces";
    public static final String NO_USER_INFO = "!self.matches(r\"" + USER_INFO_PATTERN + "\")";
    public static final String NO_USER_INFO_MESSAGE =
            "must not contain user-info (user:password@); put credentials in spec.authorization";

    public static final String HEADER_NAME = "self.matches(r\"" + HTTP_TOKEN_PATTERN + "\")";
    public static final String HEADER_NAME_MESSAGE = "must be an HTTP header name (letters, digits and !#$%&'*+.^_`|~-)";
    public static final String HEADER_VALUE = "!self.contains(\"\\r\") && !self.contains(\"\\n\")";
    public static final String HEADER_VALUE_MESSAGE = "must not contain CR or LF";
    public static final String HEADER_ONE_SOURCE = "has(self.value) != has(self.valueFrom)";
    public static final String HEADER_ONE_SOURCE_MESSAGE = "exactly one of value or valueFrom must be set";
    public static final String HEADERS_NOT_RESERVED =
            "self.all(h, !(h.name.lowerAscii() in [\"authorization\", \"host\", \"content-length\", "
                    + "\"transfer-encoding\", \"connection\"]))";
    public static final String HEADERS_NOT_RESERVED_MESSAGE =
            "Authorization, Host, Content-Length, Transfer-Encoding and Connection cannot be set as headers; "
                    + "use spec.authorization for credentials";
    public static final String HEADERS_UNIQUE =
            "self.all(h, self.exists_one(o, o.name.lowerAscii() == h.name.lowerAscii()))";
    public static final String HEADERS_UNIQUE_MESSAGE = "header names must be unique (case-insensitive)";
    public static final String API_KEY_HEADER_NOT_IN_HEADERS =
            "!has(self.headers) || !has(self.authorization) || self.authorization.type != \"ApiKey\" "
                    + "|| !has(self.authorization.header) "
                    + "|| self.headers.all(h, h.name.lowerAscii() != self.authorization.header.lowerAscii())";
    public static final String API_KEY_HEADER_NOT_IN_HEADERS_MESSAGE =
            "headers must not set the header that carries the API key (spec.authorization.header)";

    public static final String SECRET_REF_REQUIRED = "self.type == \"None\" || has(self.secretRef)";
    public static final String SECRET_REF_REQUIRED_MESSAGE = "secretRef is required for every type except None";
    public static final String API_KEY_HEADER_REQUIRED = "self.type != \"ApiKey\" || has(self.header)";
    public static final String API_KEY_HEADER_REQUIRED_MESSAGE = "header is required for type ApiKey";
    public static final String HEADER_ONLY_FOR_API_KEY = "!has(self.header) || self.type == \"ApiKey\"";
    public static final String HEADER_ONLY_FOR_API_KEY_MESSAGE = "header applies only to type ApiKey";
    public static final String TOKEN_URL_REQUIRED = "self.type != \"OAuth2ClientCredentials\" || has(self.tokenUrl)";
    public static final String TOKEN_URL_REQUIRED_MESSAGE = "tokenUrl is required for type OAuth2ClientCredentials";
    public static final String OAUTH2_FIELDS_ONLY_FOR_OAUTH2 =
            "(!has(self.tokenUrl) && !has(self.scopes)) || self.type == \"OAuth2ClientCredentials\"";
    public static final String OAUTH2_FIELDS_ONLY_FOR_OAUTH2_MESSAGE =
            "tokenUrl and scopes apply only to type OAuth2ClientCredentials";

    public static final String ONE_CONFIGURATION = "has(self.custom) != has(self.provider)";
    public static final String ONE_CONFIGURATION_MESSAGE = "exactly one of custom or provider must be set";

    public static final String VARIABLE_NAME = "self.matches(r\"" + IDENTIFIER_PATTERN + "\")";
    public static final String VARIABLE_NAME_MESSAGE =
            "must be an identifier: a letter or _, then letters, digits or _";
    public static final String VARIABLE_NAME_NOT_RESERVED =
            "!(self in [\"prompt\", \"systemPrompt\", \"examples\", \"stream\", \"responseSchema\"])";
    public static final String VARIABLE_NAME_NOT_RESERVED_MESSAGE =
            "prompt, systemPrompt, examples, stream and responseSchema are built-in variables and cannot be declared";

    public static final String DONE_WHEN_ONE = "has(self.sentinel) != has(self.path)";
    public static final String DONE_WHEN_ONE_MESSAGE = "exactly one of sentinel or path must be set";
    public static final String DONE_WHEN_VALUE_WITH_PATH = "!has(self.value) || has(self.path)";
    public static final String DONE_WHEN_VALUE_WITH_PATH_MESSAGE = "value applies only with path";
    public static final String TEST_STREAM_NEEDS_STREAMING = "!has(self.test) || !has(self.test.stream) "
            + "|| !self.test.stream || (has(self.configuration.custom) && has(self.configuration.custom.streaming))";
    public static final String TEST_STREAM_NEEDS_STREAMING_MESSAGE =
            "stream: true needs spec.configuration.custom.streaming (the streamed test is for custom models)";
    public static final String VARIABLES_UNIQUE = "self.all(v, self.exists_one(o, o.name == v.name))";
    public static final String VARIABLES_UNIQUE_MESSAGE = "variable names must be unique";

    public static final String FEATURE_ON =
            "(has(self.structuredResponse) && self.structuredResponse) "
                    + "|| (has(self.dataGeneration) && self.dataGeneration) "
                    + "|| (has(self.streaming) && self.streaming) "
                    + "|| (has(self.modalities) && size(self.modalities) > 0)";
    public static final String FEATURE_ON_MESSAGE =
            "at least one feature must be on: structuredResponse, dataGeneration, streaming or a modality";
    public static final String MODALITIES_UNIQUE = "self.all(m, self.exists_one(o, o == m))";
    public static final String MODALITIES_UNIQUE_MESSAGE = "modalities must not repeat";
    /** Modalities whose routes or inputs the provider structure has no way to carry. */
    public static final String MODALITIES_CARRIED =
            "self.api != \"AnthropicMessages\" || !has(self.features) || !has(self.features.modalities) "
                    + "|| self.features.modalities.all(m, m != \"TextToImage\" && m != \"AudioToText\")";
    public static final String MODALITIES_CARRIED_MESSAGE =
            "AnthropicMessages cannot carry TextToImage or AudioToText (the Messages API generates no images and "
                    + "takes no audio); use OpenAIChatCompletions for these modalities";

    public static final String RETRY_ATTEMPTS = "self >= 0 && self <= 5";
    public static final String RETRY_ATTEMPTS_MESSAGE = "must be from 0 to 5";
    public static final String RETRY_ON_UNIQUE = "self.all(f, self.exists_one(o, o == f))";
    public static final String RETRY_ON_UNIQUE_MESSAGE = "failure classes must not repeat";
    public static final String CONSECUTIVE_FAILURES = "self >= 1 && self <= 100";
    public static final String CONSECUTIVE_FAILURES_MESSAGE = "must be from 1 to 100";
    public static final String FALLBACKS_UNIQUE = "self.all(f, self.exists_one(o, o == f))";
    public static final String FALLBACKS_UNIQUE_MESSAGE = "fallbacks must not repeat";
    public static final String MAX_CONCURRENT_REQUESTS = "self >= 1 && self <= 10000";
    public static final String MAX_CONCURRENT_REQUESTS_MESSAGE = "must be from 1 to 10000";
}
