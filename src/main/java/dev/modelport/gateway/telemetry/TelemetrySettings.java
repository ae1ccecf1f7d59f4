package dev.modelport.gateway.telemetry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's usage counters and access log (application.properties, environment, or the chart's values). */
@ConfigMapping(prefix = "modelport.gateway")
public interface TelemetrySettings {

    Metrics metrics();

    AccessLogSettings accessLog();

    interface Metrics {

        /**
         * How many distinct callers this replica labels its request and token counters with; the callers seen after
         * that many are counted as {@code other}, so the series stay bounded. 0: every caller is {@code other}.
         */
        @WithDefault("100")
        int maxCallers();
    }

    interface AccessLogSettings {

        /** One JSON line per request on the logger {@value AccessLog#CATEGORY}. */
        @WithDefault("false")
        boolean enabled();
    }
}
