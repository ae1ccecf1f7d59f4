package dev.modelport.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * An OpenAI-shaped endpoint on 127.0.0.1 that streams one chunk every 100 ms until the gateway hangs up, which it
 * reports: a raw socket, because only a failing write shows that the other side closed the connection.
 */
final class EndlessStream implements AutoCloseable {

    static final String EVENT = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tick \"},"
            + "\"finish_reason\":null}]}\n\n";

    final ServerSocket server;
    final CountDownLatch hungUp = new CountDownLatch(1);

    EndlessStream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(this::serve);
    }

    private void serve() {
        try (Socket socket = server.accept()) {
            BufferedReader request = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = request.readLine(); line != null && !line.isEmpty(); line = request.readLine()) {
                // The request headers; the body is never needed.
            }
            OutputStream out = socket.getOutputStream();
            // No length and no chunking: the body lasts until the connection closes.
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            while (true) {
                out.write(EVENT.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException e) {
            hungUp.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1/chat/completions";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
