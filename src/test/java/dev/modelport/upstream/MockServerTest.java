package dev.modelport.upstream;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test of the upstream client against a MockWebServer on 127.0.0.1, a new one for each test. */
abstract class MockServerTest {

    MockWebServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = Upstreams.server();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
