package dev.modelport.validation;

import static dev.modelport.api.v1alpha1.Rules.*;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import dev.modelport.adapter.custom.ResponsePathRule;
import dev.modelport.api.v1alpha1.Authorization;
import dev.modelport.api.v1alpha1.AuthorizationType;
import dev.modelport.api.v1alpha1.Configuration;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.Header;
import dev.modelport.api.v1alpha1.Modality;
import dev.modelport.api.v1alpha1.ProviderApi;
import dev.modelport.api.v1alpha1.ProviderConfiguration;
import dev.modelport.api.v1alpha1.ProviderFeatures;
import dev.modelport.api.v1alpha1.ResponsePaths;
import dev.modelport.api.v1alpha1.TestInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an ExternalModel spec without a cluster: every CEL rule of the CRD again (objects may have been stored
 * before a rule existed, and test API servers evaluate no CEL), with the same messages, plus what CEL cannot check:
 * the body template, test values against declared types, JSON paths and durations. Reports every problem at once.
 */
public final class ExternalModelValidator {

    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration MIN_RETEST_INTERVAL = Duration.ofMinutes(1);

    private static final Pattern URL_REGEX = Pattern.compile(URL_PATTERN);
    private static final Pattern USER_INFO_REGEX = Pattern.compile(USER_INFO_PATTERN);
    private static final Pattern HTTP_TOKEN_REGEX = Pattern.compile(HTTP_TOKEN_PATTERN);

    private final CustomConfigurationValidator custom = new CustomConfigurationValidator();

    public List<Violation> validate(ExternalModelSpec spec) {
        List<Violation> problems = new ArrayList<>();
        if (spec == null) {
            problems.add(new Violation("spec", "is required"));
            return problems;
        }
        url("spec.endpoint", spec.endpoint, true, problems);
        authorization(spec.authorization, problems);
        headers(spec, problems);
        configuration(spec, problems);
        test(spec.test, spec.configuration, problems);
        InferenceValidator.validate(spec.inference, problems);
        return problems;
    }

    static void url(String field, String value, boolean required, List<Violation> problems) {
        if (value == null) {
            if (required) {
                problems.add(new Violation(field, "is required"));
            }
            return;
        }
        if (!URL_REGEX.matcher(value).find()) {
            problems.add(new Violation(field, URL_MESSAGE));
        }
        if (USER_INFO_REGEX.matcher(value).find()) {
            problems.add(new Violation(field, NO_USER_INFO_MESSAGE));
        }
    }

    private static void authorization(Authorization authorization, List<Violation> problems) {
        if (authorization == null) {
            return;
        }
        String field = "spec.authorization";
        if (authorization.type == null) {
            problems.add(new Violation(field + ".type", "is required"));
            return;
        }
        AuthorizationType type = authorization.type;
        if (type != AuthorizationType.None && authorization.secretRef == null) {
            problems.add(new Violation(field, SECRET_REF_REQUIRED_MESSAGE));
        }
        if (authorization.secretRef != null && authorization.secretRef.name == null) {
            problems.add(new Violation(field + ".secretRef.name", "is required"));
        }
        if (type == AuthorizationType.ApiKey && authorization.header == null) {
            problems.add(new Violation(field, API_KEY_HEADER_REQUIRED_MESSAGE));
        }
        if (authorization.header != null && type != AuthorizationType.ApiKey) {
            problems.add(new Violation(field, HEADER_ONLY_FOR_API_KEY_MESSAGE));
        }
        if (type == AuthorizationType.OAuth2ClientCredentials && authorization.tokenUrl == null) {
            problems.add(new Violation(field, TOKEN_URL_REQUIRED_MESSAGE));
        }
        if ((authorization.tokenUrl != null || authorization.scopes != null)
                && type != AuthorizationType.OAuth2ClientCredentials) {
            problems.add(new Violation(field, OAUTH2_FIELDS_ONLY_FOR_OAUTH2_MESSAGE));
        }
        if (authorization.header != null && !HTTP_TOKEN_REGEX.matcher(authorization.header).find()) {
            problems.add(new Violation(field + ".header", HEADER_NAME_MESSAGE));
        }
        url(field + ".tokenUrl", authorization.tokenUrl, false, problems);
    }

    private static void headers(ExternalModelSpec spec, List<Violation> problems) {
        if (spec.headers == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        boolean reserved = false;
        boolean duplicate = false;
        String apiKeyHeader = Authorization.typeOf(spec.authorization) == AuthorizationType.ApiKey
                && spec.authorization.header != null ? spec.authorization.header.toLowerCase(Locale.ROOT) : null;
        boolean apiKeyHeaderSet = false;
        for (int i = 0; i < spec.headers.size(); i++) {
            Header header = spec.headers.get(i);
            String field = "spec.headers[" + i + "]";
            if (header == null) {
                problems.add(new Violation(field, "must be an object"));
                continue;
            }
            if ((header.value != null) == (header.valueFrom != null)) {
                problems.add(new Violation(field, HEADER_ONE_SOURCE_MESSAGE));
            }
            if (header.value != null && (header.value.indexOf('\r') >= 0 || header.value.indexOf('\n') >= 0)) {
                problems.add(new Violation(field + ".value", HEADER_VALUE_MESSAGE));
            }
            if (header.valueFrom != null && header.valueFrom.secretKeyRef == null) {
                problems.add(new Violation(field + ".valueFrom.secretKeyRef", "is required"));
            }
            if (header.name == null) {
                problems.add(new Violation(field + ".name", "is required"));
                continue;
            }
            if (!HTTP_TOKEN_REGEX.matcher(header.name).find()) {
                problems.add(new Violation(field + ".name", HEADER_NAME_MESSAGE));
            }
            String lower = header.name.toLowerCase(Locale.ROOT);
            reserved |= RESERVED_HEADERS.contains(lower);
            duplicate |= !seen.add(lower);
            apiKeyHeaderSet |= lower.equals(apiKeyHeader);
        }
        if (reserved) {
            problems.add(new Violation("spec.headers", HEADERS_NOT_RESERVED_MESSAGE));
        }
        if (duplicate) {
            problems.add(new Violation("spec.headers", HEADERS_UNIQUE_MESSAGE));
        }
        if (apiKeyHeaderSet) {
            problems.add(new Violation("spec.headers", API_KEY_HEADER_NOT_IN_HEADERS_MESSAGE));
        }
    }

    private void configuration(ExternalModelSpec spec, List<Violation> problems) {
        Configuration configuration = spec.configuration;
        if (configuration == null) {
            problems.add(new Violation("spec.configuration", "is required"));
            return;
        }
        if ((configuration.custom != null) == (configuration.provider != null)) {
            problems.add(new Violation("spec.configuration", ONE_CONFIGURATION_MESSAGE));
        }
        if (configuration.custom != null) {
            custom.validate(configuration.custom, spec.test, problems);
        }
        if (configuration.provider != null) {
            provider(configuration.provider, problems);
        }
    }

    private static void provider(ProviderConfiguration provider, List<Violation> problems) {
        String field = "spec.configuration.provider";
        if (provider.api == null) {
            problems.add(new Violation(field + ".api", "is required"));
        }
        if (provider.model == null || provider.model.isEmpty()) {
            problems.add(new Violation(field + ".model", "is required"));
        }
        ProviderFeatures features = provider.features;
        if (features == null) {
            problems.add(new Violation(field + ".features", "is required"));
            return;
        }
        boolean anyModality = features.modalities != null && !features.modalities.isEmpty();
        if (!Boolean.TRUE.equals(features.structuredResponse) && !Boolean.TRUE.equals(features.dataGeneration)
                && !Boolean.TRUE.equals(features.streaming) && !anyModality) {
            problems.add(new Violation(field + ".features", FEATURE_ON_MESSAGE));
        }
        if (anyModality && new HashSet<>(features.modalities).size() != features.modalities.size()) {
            problems.add(new Violation(field + ".features.modalities", MODALITIES_UNIQUE_MESSAGE));
        }
        if (anyModality && provider.api == ProviderApi.AnthropicMessages
                && (features.modalities.contains(Modality.TextToImage)
                        || features.modalities.contains(Modality.AudioToText))) {
            problems.add(new Violation(field + ".features.modalities", MODALITIES_CARRIED_MESSAGE));
        }
    }

    static void jsonPaths(String field, ResponsePaths paths, List<Violation> problems) {
        if (paths == null) {
            return;
        }
        jsonPath(field + ".outputPath", paths.outputPath, problems);
        jsonPath(field + ".inputTokensPath", paths.inputTokensPath, problems);
        jsonPath(field + ".outputTokensPath", paths.outputTokensPath, problems);
        jsonPath(field + ".finishReasonPath", paths.finishReasonPath, problems);
        jsonPath(field + ".errorMessagePath", paths.errorMessagePath, problems);
        jsonPath(field + ".imagePath", paths.imagePath, problems);
    }

    static void jsonPath(String field, String path, List<Violation> problems) {
        if (path == null) {
            return;
        }
        if (!path.startsWith("$")) {
            problems.add(new Violation(field, "must be a JSON path starting with $, e.g. $.result.text"));
            return;
        }
        String problem = ResponsePathRule.problem(path);
        if (problem != null) {
            problems.add(new Violation(field, problem));
            return;
        }
        try {
            JsonPath.compile(path);
        } catch (InvalidPathException e) {
            problems.add(new Violation(field, "is not a valid JSON path: " + e.getMessage()));
        } catch (RuntimeException e) {
            // json-path fails on some truncated paths with an index error instead of a parse error.
            problems.add(new Violation(field, "is not a valid JSON path"));
        }
    }

    private void test(TestInput test, Configuration configuration, List<Violation> problems) {
        if (test == null) {
            problems.add(new Violation("spec.test", "is required"));
            return;
        }
        if (test.prompt == null || test.prompt.isEmpty()) {
            problems.add(new Violation("spec.test.prompt", "is required"));
        }
        if (test.examples != null) {
            for (int i = 0; i < test.examples.size(); i++) {
                var example = test.examples.get(i);
                if (example == null || example.input == null || example.output == null) {
                    problems.add(new Violation("spec.test.examples[" + i + "]", "needs both input and output"));
                }
            }
        }
        duration("spec.test.timeout", test.timeout, Duration.ofMillis(1), MAX_TIMEOUT, problems);
        duration("spec.test.retestInterval", test.retestInterval, MIN_RETEST_INTERVAL, null, problems);
        if (Boolean.TRUE.equals(test.stream) && (configuration == null || configuration.custom == null
                || configuration.custom.streaming == null)) {
            problems.add(new Violation("spec.test.stream", TEST_STREAM_NEEDS_STREAMING_MESSAGE));
        }
        if (configuration != null && configuration.custom != null) {
            custom.validateTest(configuration.custom, test, problems);
        } else if (configuration != null && configuration.provider != null
                && test.variables != null && !test.variables.isEmpty()) {
            problems.add(new Violation("spec.test.variables", "provider models take no custom variables"));
        }
    }

    static void duration(String field, String text, Duration min, Duration max, List<Violation> problems) {
        if (text == null) {
            return;
        }
        Duration duration = Durations.parse(text);
        if (duration == null) {
            problems.add(new Violation(field, "must be a duration such as 30s, 1m30s or 500ms"));
        } else if (duration.compareTo(min) < 0) {
            problems.add(new Violation(field, "must be at least " + format(min)));
        } else if (max != null && duration.compareTo(max) > 0) {
            problems.add(new Violation(field, "must be at most " + format(max)));
        }
    }

    private static String format(Duration duration) {
        if (duration.toHours() > 0 && duration.toMinutesPart() == 0) {
            return duration.toHours() + "h";
        }
        if (duration.toMinutes() > 0) {
            return duration.toMinutes() + "m";
        }
        return duration.toSecondsPart() > 0 && duration.toMillisPart() == 0 ? duration.toSeconds() + "s"
                : duration.toMillis() + "ms";
    }
}
