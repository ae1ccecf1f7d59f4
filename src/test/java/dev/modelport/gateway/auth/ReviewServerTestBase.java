package dev.modelport.gateway.auth;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Each test gets the mock API server in expectation mode, for the reviews, and a client of it that never retries. */
abstract class ReviewServerTestBase {

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void startApiServer() {
        server = new KubernetesMockServer(false);
        server.init();
        client = ReviewFixtures.noRetryClient(server);
    }

    @AfterEach
    void stopApiServer() {
        client.close();
        server.destroy();
    }
}
