package dev.modelport.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The model endpoint of the tests, on 127.0.0.1: each path answers as {@link ModelAnswers} says, unless the test
 * scripts it: answers queued for a path are given once each, in order, then the path's standing answer if the test
 * set one. Records every request with the time it arrived. (Failures below HTTP, which MockWebServer cannot stage,
 * are {@code upstream.RawUpstream}'s and {@code gateway.StreamingUpstream}'s.)
 */
public final class FakeUpstream implements AutoCloseable {

    /** A request as it arrived. */
    public record Received(RecordedRequest request, Instant at) {

        public String path() {
            return request.getUrl().encodedPath();
        }
    }

    /** An answer that depends on the request, such as a check of its credentials. */
    @FunctionalInterface
    public interface Answer {
        MockResponse to(RecordedRequest request);
    }

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Queue<MockResponse>> queued = new ConcurrentHashMap<>();
    private final Map<String, Answer> standing = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public FakeUpstream() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                received.add(new Received(request, Instant.now()));
                String path = request.getUrl().encodedPath();
                MockResponse next = queued.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
                if (next != null) {
                    return next;
                }
                Answer answer = standing.get(path);
                return answer != null ? answer.to(request) : ModelAnswers.to(path, request);
            }
        });
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on 127.0.0.1", e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    /** Answers given once each, in order, before the standing answer. */
    public void enqueue(String path, MockResponse... responses) {
        queued.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(responses));
    }

    /** From now on the path answers this, until set again or {@link #recover recovered}. */
    public void answer(String path, MockResponse response) {
        answer(path, request -> response);
    }

    /** From now on the path answers what this computes from each request. */
    public void answer(String path, Answer answer) {
        standing.put(path, answer);
    }

    /** The path answers as {@link ModelAnswers} says again. */
    public void recover(String path) {
        standing.remove(path);
    }

    /** An answer held back: the requests it holds are answered when it is closed. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Holds the requests to the path, each for at most a minute, until the hold is closed; they are then answered as
     * they would have been, and so is every request after. For what a client does while its call is in flight.
     */
    public Hold hold(String path) {
        CountDownLatch released = new CountDownLatch(1);
        Answer before = standing.get(path);
        answer(path, request -> {
            try {
                released.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return before != null ? before.to(request) : ModelAnswers.to(path, request);
        });
        return () -> {
            if (before != null) {
                standing.put(path, before);
            } else {
                standing.remove(path);
            }
            released.countDown();
        };
    }

    /** Every request so far, in the order they arrived. */
    public List<RecordedRequest> requests() {
        return received.stream().map(Received::request).toList();
    }

    /** The requests to the path so far, with the time each arrived. */
    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** How many requests reached the path so far. */
    public int count(String path) {
        return received(path).size();
    }

    /** The last request to the path. */
    public RecordedRequest last(String path) {
        List<Received> all = received(path);
        if (all.isEmpty()) {
            throw new AssertionError("no request to " + path + "; requests so far: "
                    + received.stream().map(Received::path).toList());
        }
        return all.getLast().request();
    }

    /** The bearer tokens of the requests to the path, in order ("null" where a request had none). */
    public List<String> bearerTokens(String path) {
        return received(path).stream().map(r -> r.request().getHeaders().get("Authorization"))
                .map(header -> header == null ? "null" : header.replaceFirst("^Bearer ", "")).toList();
    }

    @Override
    public void close() {
        server.close();
    }
}
