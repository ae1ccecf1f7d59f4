package dev.modelport.gateway.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Bounds of each streamed answer of the gateway (application.properties, environment, or the chart's values). */
@ConfigMapping(prefix = "modelport.gateway.stream")
public interface StreamSettings {

    /** The most one streamed answer may write to its caller, e.g. 64M (K, M and G count in 1024s). */
    @WithDefault("64M")
    MemorySize maxBytes();

    /** The longest one streamed answer may last, from when the gateway starts it (the request authorized). */
    @WithDefault("30m")
    Duration maxDuration();

    /** How long a caller may leave a streamed answer unread before it is cut off and the upstream call cancelled. */
    @WithDefault("60s")
    Duration callerReadTimeout();
}
