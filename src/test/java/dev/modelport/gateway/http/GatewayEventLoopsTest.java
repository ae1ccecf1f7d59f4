package dev.modelport.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One event loop per core in the gateway role, unless configured anywhere else. */
class GatewayEventLoopsTest {

    private static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";

    /** With the given settings in a source of the given ordinal: 250 application.properties, 300 the environment. */
    private static SmallRyeConfig config(String profile, int cores, Map<String, String> configured, int ordinal) {
        return new SmallRyeConfigBuilder().withProfile(profile).addDefaultInterceptors()
                .withSources(new GatewayEventLoops(cores), new PropertiesConfigSource(configured, "configured", ordinal))
                .build();
    }

    private static SmallRyeConfig config(String profile, int cores) {
        return config(profile, cores, Map.of(), 250);
    }

    @Test
    void shouldRunOneEventLoopPerCoreInTheGatewayRole() {
        assertThat(config("gateway", 1).getValue(EVENT_LOOPS, Integer.class)).isEqualTo(1);
        assertThat(config("gateway", 4).getValue(EVENT_LOOPS, Integer.class)).isEqualTo(4);
        assertThat(config("gateway", 0).getValue(EVENT_LOOPS, Integer.class)).isEqualTo(1);
    }

    @Test
    void shouldLeaveTheOtherRolesToVertxsDefault() {
        assertThat(config("operator", 4).getOptionalValue(EVENT_LOOPS, Integer.class)).isEmpty();
        assertThat(config("local", 4).getOptionalValue(EVENT_LOOPS, Integer.class)).isEmpty();
    }

    @Test
    void shouldYieldToAValueSetInApplicationPropertiesOrTheEnvironment() {
        for (int ordinal : new int[] {250, 300}) {
            assertThat(config("gateway", 1, Map.of(EVENT_LOOPS, "8"), ordinal).getValue(EVENT_LOOPS, Integer.class))
                    .as("ordinal %d", ordinal).isEqualTo(8);
            assertThat(config("gateway", 1, Map.of("%gateway." + EVENT_LOOPS, "3"), ordinal)
                    .getValue(EVENT_LOOPS, Integer.class)).as("ordinal %d, for the gateway only", ordinal).isEqualTo(3);
        }
    }
}
