package dev.modelport.upstream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.x endpoint on 127.0.0.1 written on plain sockets, for what MockWebServer cannot stage: answers in
 * HTTP/1.0, connections closed or reset as a request arrives, half a status line, idle connections dropped without a
 * word. A {@link Behaviour} decides what each request gets; each connection runs on a virtual thread of its own.
 */
public final class RawUpstream implements AutoCloseable {

    /** A request as it arrived: the how-manieth connection and request on it, and how long it had been idle. */
    public record Request(int connection, int exchange, Duration idle, String head, byte[] body) {

        public String path() {
            return head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
        }
    }

    /** What a request gets. Returns whether the connection stays open for another request. */
    @FunctionalInterface
    public interface Behaviour {
        boolean serve(Request request, Socket socket, OutputStream out) throws IOException;
    }

    private final ServerSocket listening;
    private final Behaviour behaviour;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private volatile long lastAnswerNanos = System.nanoTime();

    public RawUpstream(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.listening = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(this::accept);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + listening.getLocalPort() + path;
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Requests read so far, over all connections. */
    public int requests() {
        return requests.get();
    }

    /** Connections the client closed while the server waited for a request on them. */
    public int closedByClient() {
        return closedByClient.get();
    }

    /** Time since the last answer the server finished. */
    public Duration sinceLastAnswer() {
        return Duration.ofNanos(System.nanoTime() - lastAnswerNanos);
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                open.add(socket);
                int connection = connections.getAndIncrement();
                Thread.ofVirtual().start(() -> serve(socket, connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            long idleSince = System.nanoTime();
            for (int exchange = 0; ; exchange++) {
                int first = in.read();
                if (first == -1) {
                    closedByClient.incrementAndGet();
                    return;
                }
                Duration idle = Duration.ofNanos(System.nanoTime() - idleSince);
                String head = readHead(first, in);
                Request request = new Request(connection, exchange, idle, head, in.readNBytes(contentLength(head)));
                requests.incrementAndGet();
                boolean keepOpen = behaviour.serve(request, socket, out);
                out.flush();
                lastAnswerNanos = System.nanoTime();
                idleSince = lastAnswerNanos;
                if (!keepOpen) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client reset the connection, or the test closed the server.
        } finally {
            open.remove(socket);
        }
    }

    private static String readHead(int first, InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(first);
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new SocketException("the request head was cut short");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        String lower = head.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("\r\ncontent-length:");
        return at < 0 ? 0 : Integer.parseInt(lower.substring(at + 17, lower.indexOf("\r\n", at + 2)).trim());
    }

    @Override
    public void close() throws IOException {
        listening.close();
        for (Socket socket : open) {
            socket.close();
        }
    }

    // What requests may get.

    /** An answer with a Content-Length; in HTTP/1.0 without keep-alive, the connection then closes. */
    public static boolean answer(OutputStream out, String version, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write((version + " 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + bytes.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        return version.equals("HTTP/1.1");
    }

    /**
     * An HTTP/1.0 server as Python's {@code http.server} writes one: status line, headers and body, then the
     * connection closes. An event stream has no Content-Length and ends with the connection.
     */
    public static Behaviour http10(String contentType, String body) {
        return (request, socket, out) -> {
            if (contentType.equals("text/event-stream")) {
                out.write(("HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                return false;
            }
            return answer(out, "HTTP/1.0", contentType, body);
        };
    }

    /** Keep-alive answers, with the same body each time. */
    public static Behaviour keepAlive(String contentType, String body) {
        return (request, socket, out) -> answer(out, "HTTP/1.1", contentType, body);
    }

    /**
     * Answers the first request of each connection and keeps it open; a later request on it finds it closed as
     * an idle timeout closes it while the request is on its way: with a FIN, or reset.
     */
    public static Behaviour closingReused(String contentType, String body, boolean reset) {
        return (request, socket, out) -> {
            if (request.exchange() == 0) {
                return answer(out, "HTTP/1.1", contentType, body);
            }
            end(socket, reset);
            return false;
        };
    }

    /** Closes or resets the connection without an answer. */
    public static void end(Socket socket, boolean reset) throws IOException {
        if (reset) {
            socket.setSoLinger(true, 0);
        }
        socket.close();
    }

    /** Waits, silent, until the client closes the connection: a request lost in a middlebox that dropped it. */
    public static boolean holdSilent(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        while (in.read() != -1) {
            // Nothing is answered.
        }
        return false;
    }
}
