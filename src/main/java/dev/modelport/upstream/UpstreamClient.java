package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.AnswerFormat;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.AuthorizationType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.tracing.TracingPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.CookieJar;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Calls model endpoints over HTTP. One instance per process: thread-safe. Made with Vert.x (the gateway and the
 * operator), it makes every call on a Vert.x event loop from one connection pool ({@link UpstreamStream}): the
 * calling (virtual) thread only waits for the answer, and a gateway passes the event loop its request came on, so
 * the exchange needs no other thread. Made without (the command line), complete calls go through OkHttp; OAuth2
 * token requests always do.
 *
 * <p>Every request is a POST of a JSON body with the endpoint's configured headers exactly as resolved and the
 * authorization of its profile; nothing of the caller's request is forwarded. Redirects are never followed (a 3xx
 * is a failed status), a request is sent again only when its pooled connection was stale
 * ({@link StaleConnectionRetries}), there are no cookies and no cache, and no proxy: the
 * {@link EndpointPolicy} is checked on the host name, on every resolved address and on the address each socket
 * connects to (a call on Vert.x connects to an address already checked). OAuth2 tokens are fetched, cached and
 * renewed as {@link OAuth2Tokens} describes; when the endpoint
 * answers 401 the token is dropped and the request is sent once more with a new one.
 *
 * <p>Failures are {@link AdapterException}s whose messages name the host, never a URL query, a header value, a
 * credential or the body of an answer. Of a 4xx answer the endpoint's error object is kept apart (see
 * {@link AdapterException#providerError()}), unless it repeats a credential.
 */
public final class UpstreamClient {

    /**
     * Idle keep-alive connections kept for reuse, over all endpoints. OkHttp's default of 5 made a gateway serving
     * more than 5 concurrent calls open and close a connection for most of them (thousands of TIME_WAIT sockets
     * per second under load); this keeps one per concurrent call up to the limit.
     */
    static final int MAX_IDLE_CONNECTIONS = 256;

    /** How long a looked-up address serves calls without a new lookup: the JVM's own positive cache time. */
    static final Duration ADDRESS_TTL = Duration.ofSeconds(30);
    /** The host names kept at most; past this the cache starts again, empty. */
    static final int MAX_KNOWN_ADDRESSES = 4096;

    static final String EVENT_STREAM = "text/event-stream";
    static final String NDJSON = "application/x-ndjson";

    private final UpstreamSettings settings;
    private final Clock clock;
    private final PolicyDns dns;
    private final OkHttpClient http;
    private final HttpClient streams;
    private final HttpClient freshStreams;
    private final Vertx vertx;
    private final OAuth2Tokens tokens;
    private final StaleConnectionRetries staleRetries;
    private final Map<String, Known> addresses = new ConcurrentHashMap<>();

    /** A client for {@link #call} only, whose metrics nobody reads (the test command). */
    public UpstreamClient(UpstreamSettings settings) {
        this(settings, Clock.systemUTC(), null);
    }

    /** A client whose metrics nobody reads. */
    public UpstreamClient(UpstreamSettings settings, Clock clock, Vertx vertx) {
        this(settings, clock, vertx, new SimpleMeterRegistry());
    }

    /**
     * @param clock decides token expiry and Retry-After dates
     * @param vertx runs the streamed calls; null for a client that makes complete calls only
     * @param registry receives the client's metrics
     */
    public UpstreamClient(UpstreamSettings settings, Clock clock, Vertx vertx, MeterRegistry registry) {
        this(settings, clock, Dns.SYSTEM, vertx, registry);
    }

    /** A client with another resolver, whose metrics nobody reads. */
    UpstreamClient(UpstreamSettings settings, Clock clock, Dns resolver, Vertx vertx) {
        this(settings, clock, resolver, vertx, new SimpleMeterRegistry());
    }

    /**
     * @param resolver the name lookup of both clients, before the policy filter: OkHttp connects to the addresses it
     *     returns and the policy allows, a streamed call to the first of them; tests replace the system resolver
     */
    UpstreamClient(UpstreamSettings settings, Clock clock, Dns resolver, Vertx vertx, MeterRegistry registry) {
        this.settings = settings;
        this.clock = clock;
        this.dns = new PolicyDns(settings.policy(), resolver);
        this.tokens = new OAuth2Tokens(clock, settings.policy(), settings.maxResponseBytes());
        this.staleRetries = new StaleConnectionRetries(registry);
        this.http = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .cookieJar(CookieJar.NO_COOKIES)
                .cache(null)
                // A proxy would make the policy judge the proxy's address instead of the endpoint's.
                .proxy(Proxy.NO_PROXY)
                .dns(dns)
                .socketFactory(new PolicySocketFactory(settings.policy()))
                .connectTimeout(settings.connectTimeout())
                // No timer per socket read or write: each use runs under its Exchange's timer, which bounds the
                // whole call and cancels it. One timer per call instead of one per read keeps okio's watchdog thread
                // out of the hot path, and one client for every timeout saves building one per call.
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, settings.idleTimeout().toMillis(),
                        TimeUnit.MILLISECONDS))
                .eventListenerFactory(ConnectionUse.FACTORY)
                .build();
        // No proxy and no redirects by default; gzip and deflate answers decoded (the caps count decoded bytes), as
        // OkHttp does; a pool per endpoint address as large as OkHttp's, each new connection on the event loop of
        // the call that opens it. No Vert.x tracing: the gateway makes each call's span and traceparent itself.
        HttpClientOptions options = new HttpClientOptions()
                .setDecompressionSupported(true)
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setKeepAliveTimeout((int) settings.idleTimeout().toSeconds())
                .setForceSni(true)
                .setTracingPolicy(TracingPolicy.IGNORE);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(MAX_IDLE_CONNECTIONS);
        this.vertx = vertx;
        this.streams = vertx == null ? null
                : vertx.httpClientBuilder().with(options).with(pool).withConnectHandler(AnswerBytes::install).build();
        // The retry of a stale connection: a new connection per request, closed after its answer.
        this.freshStreams = vertx == null ? null
                : vertx.createHttpClient(new HttpClientOptions(options).setKeepAlive(false), pool);
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
        return call(endpoint, jsonBody, timeout, null);
    }

    /**
     * {@link #call(ResolvedEndpoint, String, Duration)} within a trace: the request carries the {@code traceparent}
     * header of the call's span (the only header that is not the endpoint's own).
     *
     * @param traceparent the W3C trace context, or null for none
     */
    public UpstreamResponse call(ResolvedEndpoint endpoint, String jsonBody, Duration timeout, String traceparent)
            throws AdapterException {
        return call(endpoint, jsonBody, timeout, traceparent, AnswerFormat.PROVIDER);
    }

    /**
     * {@link #call(ResolvedEndpoint, String, Duration, String)} for a structure that reads error answers its own
     * way (a custom model's errorMessagePath).
     */
    public UpstreamResponse call(ResolvedEndpoint endpoint, String jsonBody, Duration timeout, String traceparent,
            AnswerFormat format) throws AdapterException {
        return call(endpoint, jsonBody.getBytes(StandardCharsets.UTF_8), Requests.JSON, timeout, traceparent, format);
    }

    /**
     * {@link #call(ResolvedEndpoint, String, Duration, String, AnswerFormat)} with a body of any media type, as a
     * gateway route passes a caller's body through (a multipart form with its boundary, say).
     */
    public UpstreamResponse call(ResolvedEndpoint endpoint, byte[] body, String contentType, Duration timeout,
            String traceparent, AnswerFormat format) throws AdapterException {
        return call(endpoint, body, contentType, timeout, traceparent, format, null);
    }

    /**
     * {@link #call(ResolvedEndpoint, byte[], String, Duration, String, AnswerFormat)} on the given event loop, as the
     * gateway calls: the one its caller's request arrived on.
     *
     * @param context the event loop of the exchange; null for any (or for OkHttp, in a client made without Vert.x)
     */
    public UpstreamResponse call(ResolvedEndpoint endpoint, byte[] body, String contentType, Duration timeout,
            String traceparent, AnswerFormat format, Context context) throws AdapterException {
        if (streams != null) {
            return vertxCall(context == null ? vertx.getOrCreateContext() : context, endpoint, body, contentType,
                    timeout, traceparent, format).whole(settings.maxResponseBytes());
        }
        HttpUrl url = url(endpoint);
        Exchange exchange = exchange(timeout);
        exchange.startTimer();
        try (Response response = send(exchange, url, endpoint, body, contentType, traceparent, format.errors())) {
            byte[] answer = CappedBody.read(response.body(), settings.maxResponseBytes(), url.host());
            return new UpstreamResponse(response.code(), response.header("Content-Type"), answer);
        } catch (IOException e) {
            throw exchange.failure(e, url.host());
        } finally {
            exchange.stopTimer();
        }
    }

    /**
     * The address a call to the endpoint can be sent to without blocking, when nothing has to be waited for first:
     * the profile needs no OAuth2 token and the address is known (an IP literal, or a name looked up for an earlier
     * call less than {@link #ADDRESS_TTL} ago, as the JVM caches it, and allowed by the policy then).
     *
     * @return empty when the call must be made with {@link #call} from a thread that may block
     */
    public Optional<InetAddress> addressNow(String url, AuthorizationType authorization) {
        HttpUrl parsed = streams == null || authorization == AuthorizationType.OAuth2ClientCredentials ? null
                : HttpUrl.parse(url);
        if (parsed == null) {
            return Optional.empty();
        }
        Known known = addresses.get(parsed.host());
        if (known != null && System.nanoTime() - known.expiresNanos() < 0) {
            return Optional.of(known.address());
        }
        if (IpLiteral.parse(parsed.host()) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(address(parsed.host()));
        } catch (AdapterException refused) {
            // The call through the blocking path fails with this refusal.
            return Optional.empty();
        }
    }

    /**
     * {@link #call(ResolvedEndpoint, byte[], String, Duration, String, AnswerFormat, Context)} without blocking, on
     * the event loop it is called on, to an address from {@link #addressNow}; the answer, or the failure, completes
     * on that event loop.
     */
    public CompletableFuture<UpstreamResponse> callNow(ResolvedEndpoint endpoint, InetAddress address, byte[] body,
            String contentType, Duration timeout, String traceparent, AnswerFormat format, Context context) {
        return vertxCall(context, endpoint, body, contentType, timeout, traceparent, format)
                .wholeNow(settings.maxResponseBytes(), address);
    }

    private record Known(InetAddress address, long expiresNanos) {
    }

    /** A streamed call outside any trace: {@link #stream(ResolvedEndpoint, String, Duration, Context, String)}. */
    public UpstreamStream stream(ResolvedEndpoint endpoint, String jsonBody, Duration timeout, Context context) {
        return stream(endpoint, jsonBody, timeout, context, null);
    }

    /**
     * Prepares a streamed call; nothing is sent until {@link UpstreamStream#run} is called.
     *
     * @param timeout bounds an OAuth2 token fetch, the endpoint's wait before it starts streaming, and then every
     *     pause between two reads
     * @param context the event loop that runs the exchange and calls the listener
     * @param traceparent the W3C trace context of the call's span, sent as the {@code traceparent} header; null for
     *     none
     * @throws IllegalStateException when the client was made without Vert.x
     */
    public UpstreamStream stream(ResolvedEndpoint endpoint, String jsonBody, Duration timeout, Context context,
            String traceparent) {
        return stream(endpoint, jsonBody.getBytes(StandardCharsets.UTF_8), timeout, context, traceparent,
                AnswerFormat.PROVIDER);
    }

    /**
     * {@link #stream(ResolvedEndpoint, String, Duration, Context, String)} of a structure's stream format (SSE or
     * NDJSON), reading error answers its way.
     */
    public UpstreamStream stream(ResolvedEndpoint endpoint, byte[] jsonBody, Duration timeout, Context context,
            String traceparent, AnswerFormat format) {
        if (streams == null) {
            throw new IllegalStateException("streamed calls need a client made with Vert.x");
        }
        return vertxCall(context, endpoint, jsonBody, Requests.JSON, timeout, traceparent, format);
    }

    /** One call on the Vert.x client, from the given event loop, streamed or whole. */
    private UpstreamStream vertxCall(Context context, ResolvedEndpoint endpoint, byte[] body, String contentType,
            Duration timeout, String traceparent, AnswerFormat format) {
        return new UpstreamStream(this, streams, freshStreams, context, endpoint, body, contentType, timeout,
                settings.maxEventBytes(), traceparent, format);
    }

    /** One use of the blocking client, bounded by the timeout. */
    Exchange exchange(Duration timeout) {
        return new Exchange(timeout, staleRetries::complete);
    }

    StaleConnectionRetries staleRetries() {
        return staleRetries;
    }

    UpstreamSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    /** The first address of the host that the endpoint policy allows, kept for {@link #callNow}. */
    InetAddress address(String host) throws AdapterException {
        try {
            List<InetAddress> found = dns.lookup(host);
            if (found.isEmpty()) {
                throw new UnknownHostException(host);
            }
            if (addresses.size() >= MAX_KNOWN_ADDRESSES) {
                addresses.clear();
            }
            addresses.put(host, new Known(found.get(0), System.nanoTime() + ADDRESS_TTL.toNanos()));
            return found.get(0);
        } catch (UnknownHostException e) {
            throw HttpFailures.map(e, host);
        }
    }

    /** An OAuth2 token for the endpoint, fetched within the exchange's time when it is due. */
    String oauth2Token(ResolvedEndpoint endpoint, Exchange exchange) throws AdapterException {
        exchange.startTimer();
        try {
            return tokens.token(endpoint, exchange, http);
        } finally {
            exchange.stopTimer();
        }
    }

    /** Forgets a token the endpoint refused. */
    void dropOAuth2Token(ResolvedEndpoint endpoint, String token) {
        tokens.invalidate(endpoint, token);
    }

    static HttpUrl url(ResolvedEndpoint endpoint) throws AdapterException {
        HttpUrl url = HttpUrl.parse(endpoint.url());
        if (url == null) {
            throw new AdapterException(FailureCategory.InvalidInput, "endpoint is not an absolute http or https URL");
        }
        return url;
    }

    /** Sends the request (with its 401 retry for OAuth2) and returns the open 2xx response. */
    private Response send(Exchange exchange, HttpUrl url, ResolvedEndpoint endpoint, byte[] body,
            String contentType, String traceparent, AnswerFormat.ErrorReader errors)
            throws AdapterException, IOException {
        settings.policy().checkHost(url.host());
        boolean oauth2 = endpoint.authorizationType() == AuthorizationType.OAuth2ClientCredentials;
        String token = oauth2 ? tokens.token(endpoint, exchange, http) : null;
        Response response = exchange.execute(http, Requests.build(url, endpoint, body, contentType, Requests.JSON,
                token, traceparent));
        if (oauth2 && response.code() == 401) {
            response.close();
            tokens.invalidate(endpoint, token);
            token = tokens.token(endpoint, exchange, http);
            response = exchange.execute(http, Requests.build(url, endpoint, body, contentType, Requests.JSON,
                token, traceparent));
        }
        if (!response.isSuccessful()) {
            try (Response failed = response) {
                throw HttpFailures.status(failed.code(), HttpFailures.retryAfter(failed.header("Retry-After"), clock),
                        errorBody(failed, url.host()), Requests.secretValues(url, endpoint, token), errors);
            }
        }
        return response;
    }

    /** The body of a 4xx, for its error object; null for other statuses and for a body over the cap. */
    private static byte[] errorBody(Response response, String host) throws IOException {
        if (!HttpFailures.readsErrorBody(response.code())) {
            return null;
        }
        try {
            return CappedBody.read(response.body(), HttpFailures.MAX_ERROR_BYTES, host);
        } catch (AdapterException tooLarge) {
            return null;
        }
    }
}
