package dev.modelport.testing;

import dev.modelport.gateway.GatewaySettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The gateway's settings as a test states them, every one given. */
public record TestGatewaySettings(boolean enabled, String auth, Optional<List<String>> audiences,
        Optional<List<String>> namespaces, Optional<String> replica, Duration upstreamTimeout)
        implements GatewaySettings {

    /** The gateway role without caller authorization, watching every namespace. */
    public static TestGatewaySettings withoutAuth(boolean enabled, Optional<String> replica, Duration upstreamTimeout) {
        return new TestGatewaySettings(enabled, "none", Optional.empty(), Optional.empty(), replica, upstreamTimeout);
    }
}
