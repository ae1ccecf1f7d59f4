package dev.modelport.upstream;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketOption;

/**
 * What the TCP socket of a complete call's connection has received, counted below TLS. OkHttp shows a TLS
 * connection as its TLS socket, which answers socket options for the socket it is layered over, so the count is
 * asked for as a socket option that only the {@link PolicySocketFactory}'s sockets know.
 */
interface ReceivedBytes {

    SocketOption<ReceivedBytes> OPTION = new SocketOption<>() {
        @Override
        public String name() {
            return "modelport.receivedBytes";
        }

        @Override
        public Class<ReceivedBytes> type() {
            return ReceivedBytes.class;
        }
    };

    /** The bytes read from the socket so far. */
    long consumed();

    /** The bytes read so far and those that have arrived for the next read. */
    long arrived() throws IOException;

    /** The count of a connection's socket, or null when it has none (a socket of another factory, or closed). */
    static ReceivedBytes of(Socket socket) {
        try {
            return socket.getOption(OPTION);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
