package dev.modelport.upstream;

import java.util.Comparator;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Text from an upstream with every secret of its endpoint replaced by {@value #MARK}: the Secret values of the
 * authorization profile and headers, the URL's query values, and the Authorization header's credentials. For what
 * a person is shown on purpose (the {@code test} command's {@code --show-response}); logs, Events and status never
 * get an upstream body at all.
 */
public final class Redaction {

    static final String MARK = "[redacted]";

    private Redaction() {
    }

    public static String redact(String text, ResolvedEndpoint endpoint) {
        HttpUrl url = HttpUrl.parse(endpoint.url());
        List<String> secrets = url == null ? List.copyOf(endpoint.credentials().values())
                : Requests.secretValues(url, endpoint, null);
        String redacted = text;
        // Longest first, so that a secret holding another is replaced whole.
        for (String secret : secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            redacted = redacted.replace(secret, MARK);
        }
        return redacted;
    }
}
