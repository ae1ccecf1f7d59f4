package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.AuthorizationType;
import java.io.IOException;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.CookieJar;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Calls model endpoints over HTTP. One instance per operator: thread-safe, with one OkHttp connection pool.
 *
 * <p>Every request is a POST of a JSON body with the endpoint's configured headers exactly as resolved and the
 * authorization of its profile; nothing of the caller's request is forwarded. Redirects are never followed (a 3xx
 * is a failed status), connections are not retried, there are no cookies and no cache, and no proxy: the
 * {@link EndpointPolicy} is checked on the host name, on every resolved address and on the address each socket
 * connects to. OAuth2 tokens are fetched, cached and renewed as {@link OAuth2Tokens} describes; when the endpoint
 * answers 401 the token is dropped and the request is sent once more with a new one.
 *
 * <p>Failures are {@link AdapterException}s whose messages name the host, never a URL query, a header value, a
 * credential or the body of an answer.
 */
public final class UpstreamClient {

    private static final String JSON = "application/json";

    /**
     * Idle keep-alive connections kept for reuse, over all endpoints. OkHttp's default of 5 made a gateway serving
     * more than 5 concurrent calls open and close a connection for most of them (thousands of TIME_WAIT sockets
     * per second under load); this keeps one per concurrent call up to the limit.
     */
    static final int MAX_IDLE_CONNECTIONS = 256;

    /** How long an idle connection is kept (OkHttp's default). */
    static final Duration KEEP_ALIVE = Duration.ofMinutes(5);
    static final String EVENT_STREAM = "text/event-stream";

    private final UpstreamSettings settings;
    private final Clock clock;
    private final OkHttpClient http;
    private final OAuth2Tokens tokens;

    public UpstreamClient(UpstreamSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** @param clock decides token expiry and Retry-After dates */
    public UpstreamClient(UpstreamSettings settings, Clock clock) {
        this(settings, clock, Dns.SYSTEM);
    }

    /** @param resolver the name lookup before the policy filter; tests replace the system resolver */
    UpstreamClient(UpstreamSettings settings, Clock clock, Dns resolver) {
        this.settings = settings;
        this.clock = clock;
        this.tokens = new OAuth2Tokens(clock, settings.policy(), settings.maxResponseBytes());
        this.http = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .cookieJar(CookieJar.NO_COOKIES)
                .cache(null)
                // A proxy would make the policy judge the proxy's address instead of the endpoint's.
                .proxy(Proxy.NO_PROXY)
                .dns(new PolicyDns(settings.policy(), resolver))
                .socketFactory(new PolicySocketFactory(settings.policy()))
                .connectTimeout(settings.connectTimeout())
                .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
                .build();
    }

    /**
     * Sends the body and returns the complete 2xx answer.
     *
     * @param timeout bounds the whole call: connecting, an OAuth2 token fetch, the 401 retry and reading the body
     * @throws AdapterException with {@link FailureCategory#HTTPStatus} and Retry-After for a non-2xx status, or the
     *     category of the network failure, or {@link FailureCategory#ResponseTooLarge} over maxResponseBytes
     */
    public UpstreamResponse call(ResolvedEndpoint endpoint, String jsonBody, Duration timeout)
            throws AdapterException {
        HttpUrl url = url(endpoint);
        Exchange exchange = new Exchange(timeout);
        OkHttpClient client = http.newBuilder().readTimeout(timeout).writeTimeout(timeout).build();
        exchange.startTimer();
        try (Response response = send(exchange, client, url, endpoint, jsonBody, JSON)) {
            byte[] body = CappedBody.read(response.body(), settings.maxResponseBytes(), url.host());
            return new UpstreamResponse(response.code(), response.header("Content-Type"), body);
        } catch (IOException e) {
            throw exchange.failure(e, url.host());
        } finally {
            exchange.stopTimer();
        }
    }

    /**
     * Prepares a streamed call; nothing is sent until {@link UpstreamStream#run} is called.
     *
     * @param timeout bounds the time until the first byte of the answer's body (connecting, a token fetch, the
     *     401 retry and the endpoint's wait before it starts streaming) and then every pause between two reads
     */
    public UpstreamStream stream(ResolvedEndpoint endpoint, String jsonBody, Duration timeout) {
        OkHttpClient client = http.newBuilder().readTimeout(timeout).writeTimeout(timeout).build();
        return new UpstreamStream(this, client, endpoint, jsonBody, new Exchange(timeout), settings.maxEventBytes());
    }

    static HttpUrl url(ResolvedEndpoint endpoint) throws AdapterException {
        HttpUrl url = HttpUrl.parse(endpoint.url());
        if (url == null) {
            throw new AdapterException(FailureCategory.InvalidInput, "endpoint is not an absolute http or https URL");
        }
        return url;
    }

    /** Sends the request (with its 401 retry for OAuth2) and returns the open 2xx response. */
    Response send(Exchange exchange, OkHttpClient client, HttpUrl url, ResolvedEndpoint endpoint, String jsonBody,
            String accept) throws AdapterException, IOException {
        settings.policy().checkHost(url.host());
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        boolean oauth2 = endpoint.authorizationType() == AuthorizationType.OAuth2ClientCredentials;
        String token = oauth2 ? tokens.token(endpoint, exchange, client) : null;
        Response response = exchange.execute(client, Requests.build(url, endpoint, body, accept, token));
        if (oauth2 && response.code() == 401) {
            response.close();
            tokens.invalidate(endpoint, token);
            token = tokens.token(endpoint, exchange, client);
            response = exchange.execute(client, Requests.build(url, endpoint, body, accept, token));
        }
        if (!response.isSuccessful()) {
            // The error body is not read: it could echo credentials and is never reported.
            AdapterException failure = AdapterException.httpStatus(response.code(),
                    HttpFailures.retryAfter(response.headers(), clock));
            response.close();
            throw failure;
        }
        return response;
    }
}
