package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.chart.RenderedChart;
import dev.modelport.upstream.Cidr;
import dev.modelport.upstream.EndpointPolicy;
import dev.modelport.upstream.EndpointPolicy.RefusedRange;
import dev.modelport.upstream.UpstreamSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How {@code modelport.upstream.*}, which the chart sets for both roles, becomes their endpoint policy and the idle
 * timeout of their connections.
 */
class EndpointPolicySettingsTest {

    private record Settings(boolean allowLoopback, boolean refusePrivate, Optional<List<String>> serviceCidrs,
            Optional<List<String>> podCidrs, Optional<List<String>> allowList) implements OperatorSettings.Upstream {

        @Override
        public Duration idleTimeout() {
            return UpstreamSettings.DEFAULT_IDLE_TIMEOUT;
        }
    }

    private static List<String> refused(EndpointPolicy policy, String reason) {
        return policy.refusedRanges().stream().filter(range -> range.reason().equals(reason))
                .map(RefusedRange::network).map(Cidr::toString).toList();
    }

    @Test
    void shouldRefuseTheDefaultsOnlyWhenNothingIsSet() {
        EndpointPolicy policy = OperatorBeans.endpointPolicy(new Settings(false, false, Optional.empty(),
                Optional.empty(), Optional.empty()));

        assertThat(policy).isEqualTo(EndpointPolicy.DEFAULT);
        assertThat(policy.refusedRanges()).extracting(RefusedRange::reason).doesNotContain(
                "private range refused by upstream.refusePrivate", "cluster Service CIDR", "cluster Pod CIDR");
    }

    @Test
    void shouldRefuseThePrivateRangesAndTheClusterCidrsWhenSet() {
        EndpointPolicy policy = OperatorBeans.endpointPolicy(new Settings(false, true,
                Optional.of(List.of("10.96.0.0/12", "fd00:10:96::/112")), Optional.of(List.of("10.244.0.0/16")),
                Optional.of(List.of("10.96.0.10/32", "llm.default.svc.cluster.local"))));

        assertThat(refused(policy, "cluster Service CIDR")).containsExactly("10.96.0.0/12", "fd00:10:96:0:0:0:0:0/112");
        assertThat(refused(policy, "cluster Pod CIDR")).containsExactly("10.244.0.0/16");
        assertThat(refused(policy, "private range refused by upstream.refusePrivate")).containsExactly(
                "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00:0:0:0:0:0:0:0/7");
        assertThat(policy.allowedNetworks()).extracting(Cidr::toString).containsExactly("10.96.0.10/32");
        assertThat(policy.allowedHosts()).containsExactly("llm.default.svc.cluster.local");
        assertThat(refused(policy, "loopback")).containsExactly("127.0.0.0/8", "0:0:0:0:0:0:0:1/128");
    }

    @Test
    void shouldLetLoopbackThroughOnlyWhenAllowed() {
        EndpointPolicy policy = OperatorBeans.endpointPolicy(new Settings(true, false, Optional.empty(),
                Optional.empty(), Optional.empty()));

        assertThat(refused(policy, "loopback")).isEmpty();
        assertThat(refused(policy, "cloud metadata address")).isNotEmpty();
    }

    /** The chart's values, through each Deployment's environment as the pod gets it, to the role's policy. */
    @Test
    void shouldGiveBothRolesThePolicyOfTheChartsValues() {
        RenderedChart chart = RenderedChart.release("modelport", "modelport-system", "1.33.0", Map.of(
                "upstream.refusePrivate", true,
                "upstream.serviceCidrs[0]", "10.96.0.0/12",
                "upstream.podCidrs[0]", "10.244.0.0/16", "upstream.podCidrs[1]", "fd00:10:244::/56",
                "upstream.allowList[0]", "vllm.ml.svc.cluster.local"));

        for (JsonNode deployment : chart.ofKind("Deployment")) {
            String role = deployment.at("/metadata/name").asText();
            EndpointPolicy policy = OperatorBeans.endpointPolicy(settings(deployment).upstream());

            assertThat(refused(policy, "cluster Service CIDR")).as(role).containsExactly("10.96.0.0/12");
            assertThat(refused(policy, "cluster Pod CIDR")).as(role)
                    .containsExactly("10.244.0.0/16", "fd00:10:244:0:0:0:0:0/56");
            assertThat(refused(policy, "private range refused by upstream.refusePrivate")).as(role).hasSize(5);
            assertThat(refused(policy, "loopback")).as(role).isNotEmpty();
            assertThat(policy.allowedHosts()).as(role).containsExactly("vllm.ml.svc.cluster.local");
        }
        assertThat(chart.ofKind("Deployment")).hasSize(2);
    }

    @Test
    void shouldGiveBothRolesTheDefaultPolicyWithTheChartsDefaults() {
        RenderedChart chart = RenderedChart.release("modelport", "modelport-system", "1.33.0", Map.of());

        for (JsonNode deployment : chart.ofKind("Deployment")) {
            assertThat(OperatorBeans.endpointPolicy(settings(deployment).upstream()))
                    .as(deployment.at("/metadata/name").asText()).isEqualTo(EndpointPolicy.DEFAULT);
        }
    }

    @Test
    void shouldGiveBothRolesTheIdleTimeoutOfTheChartsValues() {
        RenderedChart defaults = RenderedChart.release("modelport", "modelport-system", "1.33.0", Map.of());
        RenderedChart shorter = RenderedChart.release("modelport", "modelport-system", "1.33.0",
                Map.of("upstream.idleTimeout", "4s"));

        for (JsonNode deployment : defaults.ofKind("Deployment")) {
            assertThat(OperatorBeans.upstreamSettings(settings(deployment).upstream()).idleTimeout())
                    .as(deployment.at("/metadata/name").asText()).isEqualTo(Duration.ofSeconds(30));
        }
        for (JsonNode deployment : shorter.ofKind("Deployment")) {
            assertThat(OperatorBeans.upstreamSettings(settings(deployment).upstream()).idleTimeout())
                    .as(deployment.at("/metadata/name").asText()).isEqualTo(Duration.ofSeconds(4));
        }
        assertThat(shorter.ofKind("Deployment")).hasSize(2);
    }

    @Test
    void shouldStopTheStartOnAnIdleTimeoutShorterThanASecondOrNotInSeconds() {
        for (String value : new String[] {"500ms", "1500ms", "0s"}) {
            RenderedChart chart = RenderedChart.release("modelport", "modelport-system", "1.33.0",
                    Map.of("upstream.idleTimeout", value));
            OperatorSettings.Upstream upstream = settings(chart.ofKind("Deployment").get(0)).upstream();
            assertThatThrownBy(() -> OperatorBeans.upstreamSettings(upstream)).as(value)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("idleTimeout must be a whole number of seconds, at least 1s, not ");
        }
    }

    /** The settings Quarkus reads from the container's plain environment variables, with its duration format. */
    private static OperatorSettings settings(JsonNode deployment) {
        Map<String, String> environment = new HashMap<>();
        for (JsonNode variable : deployment.at("/spec/template/spec/containers/0/env")) {
            if (variable.has("value")) {
                environment.put(variable.path("name").asText(), variable.path("value").asText());
            }
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(OperatorSettings.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new EnvConfigSource(environment, 300)).build();
        return config.getConfigMapping(OperatorSettings.class);
    }

    @Test
    void shouldStopTheStartOnAnInvalidCidr() {
        assertThatThrownBy(() -> OperatorBeans.endpointPolicy(new Settings(false, false,
                Optional.of(List.of("10.96.0.0/40")), Optional.empty(), Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not an IP network: 10.96.0.0/40");
    }
}
