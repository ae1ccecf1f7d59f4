package dev.modelport.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class VertxEventStreamTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final StreamBounds BOUNDS = new StreamBounds(1 << 20, Duration.ofMinutes(1),
            Duration.ofSeconds(10));

    @AfterAll
    static void close() {
        VERTX.close();
    }

    @Test
    void writesTheEventsOfOneEventLoopTaskTogetherAndWhatAnotherThreadSendsAfterThem() throws Exception {
        HttpServer server = VERTX.createHttpServer().requestHandler(request -> {
            Context loop = Vertx.currentContext();
            VertxEventStream stream = new VertxEventStream(request.response(), loop, BOUNDS);
            // One task of the event loop, as one chunk of an upstream stream: three events.
            stream.send("data: 1\n\n");
            stream.send("data: 2\n\n");
            stream.send("data: 3\n\n");
            // The request's thread then sends the end while the loop still holds the three.
            Thread.ofVirtual().start(() -> {
                stream.send("data: [DONE]\n\n");
                stream.end();
            });
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), server.actualPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAll(socket.getInputStream());
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            // Chunked encoding shows the writes: one chunk per write, in order, then the last chunk.
            assertThat(body).isEqualTo("1b\r\ndata: 1\n\ndata: 2\n\ndata: 3\n\n\r\n"
                    + "e\r\ndata: [DONE]\n\n\r\n0\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 200").contains("content-type: text/event-stream");
        } finally {
            server.close();
        }
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
