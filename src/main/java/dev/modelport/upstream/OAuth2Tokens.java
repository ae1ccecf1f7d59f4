package dev.modelport.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.JsonBodies;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OAuth2 client-credentials tokens, cached per (token URL, client id, scopes, hash of the client secret) so a
 * rotated secret gets a new token. A token is reused until min(60 s, 10% of its lifetime) before it expires; one
 * without expires_in is reused until the endpoint rejects it. Concurrent callers of one key wait for a single
 * fetch. Client credentials are sent in the form body (client_secret_post).
 */
final class OAuth2Tokens {

    private static final Duration MAX_MARGIN = Duration.ofSeconds(60);

    private record Key(String tokenUrl, String clientId, List<String> scopes, String secretHash) {
    }

    private record Token(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "Token[refreshAt=" + refreshAt + "]";
        }
    }

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        final AtomicReference<Token> token = new AtomicReference<>();
    }

    private final ConcurrentHashMap<Key, Slot> slots = new ConcurrentHashMap<>();
    private final Clock clock;
    private final EndpointPolicy policy;
    private final long maxResponseBytes;

    OAuth2Tokens(Clock clock, EndpointPolicy policy, long maxResponseBytes) {
        this.clock = clock;
        this.policy = policy;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** A valid token for the endpoint, fetched when there is none or it is due for refresh. */
    String token(ResolvedEndpoint endpoint, Exchange exchange, OkHttpClient client) throws AdapterException {
        Slot slot = slots.computeIfAbsent(key(endpoint), key -> new Slot());
        Token token = slot.token.get();
        if (isFresh(token)) {
            return token.value();
        }
        HttpUrl url = tokenUrl(endpoint);
        lock(slot, exchange, url.host());
        try {
            token = slot.token.get();
            if (!isFresh(token)) {
                token = fetch(endpoint, url, exchange, client);
                slot.token.set(token);
            }
            return token.value();
        } finally {
            slot.lock.unlock();
        }
    }

    /** Drops the token the endpoint rejected, unless another caller has already replaced it. */
    void invalidate(ResolvedEndpoint endpoint, String rejected) {
        Slot slot = slots.get(key(endpoint));
        Token token = slot == null ? null : slot.token.get();
        if (token != null && token.value().equals(rejected)) {
            slot.token.compareAndSet(token, null);
        }
    }

    private boolean isFresh(Token token) {
        return token != null && clock.instant().isBefore(token.refreshAt());
    }

    private static Key key(ResolvedEndpoint endpoint) {
        String secretHash = Digests.sha256Hex(endpoint.credentials().get("clientSecret"));
        return new Key(endpoint.tokenUrl(), endpoint.credentials().get("clientId"), endpoint.scopes(), secretHash);
    }

    private static HttpUrl tokenUrl(ResolvedEndpoint endpoint) throws AdapterException {
        HttpUrl url = endpoint.tokenUrl() == null ? null : HttpUrl.parse(endpoint.tokenUrl());
        if (url == null) {
            throw new AdapterException(FailureCategory.InvalidInput,
                    "authorization.tokenUrl is not an absolute http or https URL");
        }
        return url;
    }

    private static void lock(Slot slot, Exchange exchange, String host) throws AdapterException {
        try {
            if (!slot.lock.tryLock(exchange.remainingNanos(), TimeUnit.NANOSECONDS)) {
                throw new AdapterException(FailureCategory.Timeout, "no token from " + host + " in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdapterException(FailureCategory.ConnectionFailed, "call to " + host + " was interrupted");
        }
    }

    private Token fetch(ResolvedEndpoint endpoint, HttpUrl url, Exchange exchange, OkHttpClient client)
            throws AdapterException {
        policy.checkHost(url.host());
        FormBody.Builder form = new FormBody.Builder()
                .add("grant_type", "client_credentials")
                .add("client_id", endpoint.credentials().get("clientId"))
                .add("client_secret", endpoint.credentials().get("clientSecret"));
        if (!endpoint.scopes().isEmpty()) {
            form.add("scope", String.join(" ", endpoint.scopes()));
        }
        Request request = new Request.Builder().url(url).header("Accept", "application/json").post(form.build())
                .build();
        Instant requested = clock.instant();
        try (Response response = exchange.execute(client, request)) {
            if (!response.isSuccessful()) {
                throw new AdapterException(FailureCategory.HTTPStatus, "token endpoint " + url.host()
                        + " answered HTTP " + response.code(), response.code(),
                        HttpFailures.retryAfter(response.header("Retry-After"), clock), null);
            }
            return parse(CappedBody.read(response.body(), maxResponseBytes, url.host()), requested, url.host());
        } catch (IOException e) {
            throw exchange.failure(e, url.host());
        }
    }

    /** Reads the token answer; parse errors carry no cause because they quote the body, which holds the token. */
    private Token parse(byte[] body, Instant requested, String host) throws AdapterException {
        JsonNode answer;
        try {
            answer = JsonBodies.MAPPER.readTree(body);
        } catch (IOException e) {
            answer = null;
        }
        JsonNode token = answer == null ? null : answer.get("access_token");
        if (token == null || !token.isTextual() || token.textValue().isEmpty()) {
            throw new AdapterException(FailureCategory.InvalidJson,
                    "token endpoint " + host + " answered without an access_token");
        }
        Duration lifetime = lifetime(answer.get("expires_in"));
        if (lifetime == null) {
            return new Token(token.textValue(), Instant.MAX);
        }
        Duration margin = lifetime.dividedBy(10).compareTo(MAX_MARGIN) < 0 ? lifetime.dividedBy(10) : MAX_MARGIN;
        return new Token(token.textValue(), requested.plus(lifetime).minus(margin));
    }

    /** expires_in in seconds, as a JSON number or a numeric string (both occur); null when absent. */
    private static Duration lifetime(JsonNode expiresIn) {
        if (expiresIn != null && expiresIn.isNumber()) {
            return Duration.ofSeconds(Math.max(0, expiresIn.asLong()));
        }
        if (expiresIn != null && expiresIn.isTextual() && expiresIn.textValue().matches("[0-9]{1,12}")) {
            return Duration.ofSeconds(Long.parseLong(expiresIn.textValue()));
        }
        return null;
    }
}
