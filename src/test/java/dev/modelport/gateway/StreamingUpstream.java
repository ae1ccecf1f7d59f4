package dev.modelport.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-shaped endpoint on 127.0.0.1 for streams that last, on raw sockets: only a failing write shows that the
 * gateway closed the connection. A request for a stream gets, by path:
 * <ul>
 *   <li>{@code /endless}: a short chunk every 100 ms, without end;</li>
 *   <li>{@code /endless-fast}: chunks with 1 KiB of content each, as fast as the connection takes them (writes of
 *       about 64 KiB), without end;</li>
 *   <li>{@code /paced}: {@value #PACED_CHUNKS} chunks {@value #PACED_MILLIS} ms apart, then the finish reason and
 *       {@code [DONE]}.</li>
 * </ul>
 * A request that asks for no stream (the operator's connectivity test) gets one completion. Each connection serves
 * one request. The bytes of streamed answers are counted, and so are the connections the gateway closed.
 */
public final class StreamingUpstream implements AutoCloseable {

    public static final int PACED_CHUNKS = 30;
    static final int PACED_MILLIS = 200;

    private static final String COMPLETION = """
            {"id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-x",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "pong"}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 7, "completion_tokens": 1, "total_tokens": 8}}""";
    private static final byte[] FAST_BATCH = chunk("x".repeat(1024)).repeat(56).getBytes(StandardCharsets.UTF_8);

    private final ServerSocket server;
    private final AtomicLong sent = new AtomicLong();
    private final Semaphore hangUps = new Semaphore(0);

    public StreamingUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(this::accept);
    }

    static String chunk(String content) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-x\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}\n\n";
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (Socket socket = connection) {
            // A fixed, small send buffer: what the endpoint has written is close to what the gateway took.
            socket.setSendBufferSize(64 * 1024);
            Request request = Request.read(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            if (!request.body().replace(" ", "").contains("\"stream\":true")) {
                byte[] body = COMPLETION.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(body);
                out.flush();
                return;
            }
            // No length and no chunking: the body lasts until the connection closes.
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            switch (request.path()) {
                case "/endless" -> endless(out, chunk("tick ").getBytes(StandardCharsets.UTF_8), 100);
                case "/endless-fast" -> endless(out, FAST_BATCH, 0);
                case "/paced" -> paced(out);
                default -> throw new IllegalArgumentException("no stream at " + request.path());
            }
        } catch (IOException e) {
            hangUps.release();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void endless(OutputStream out, byte[] bytes, long pauseMillis) throws IOException, InterruptedException {
        while (true) {
            write(out, bytes);
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
    }

    private void paced(OutputStream out) throws IOException, InterruptedException {
        for (int i = 0; i < PACED_CHUNKS; i++) {
            write(out, chunk("tick ").getBytes(StandardCharsets.UTF_8));
            Thread.sleep(PACED_MILLIS);
        }
        write(out, ("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-x\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        sent.addAndGet(bytes.length);
    }

    /** The bytes of streamed answers written so far, to every connection. */
    public long sent() {
        return sent.get();
    }

    /** Whether the gateway closes one more connection in the middle of its stream within the time. */
    public boolean hungUp(Duration within) throws InterruptedException {
        return hangUps.tryAcquire(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** The request line's path and the body (by Content-Length). */
    private record Request(String path, String body) {

        static Request read(InputStream in) throws IOException {
            String[] lines = new String(readHead(in), StandardCharsets.ISO_8859_1).split("\r\n");
            int length = 0;
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).strip());
                }
            }
            return new Request(lines[0].split(" ")[1], new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }

        /** Up to and with the blank line that ends the headers. */
        private static byte[] readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the request ended in its head");
                }
                head.write(b);
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            }
            return head.toByteArray();
        }
    }
}
