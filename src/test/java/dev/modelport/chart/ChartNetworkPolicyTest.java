package dev.modelport.chart;

import static dev.modelport.chart.RenderedChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chart's NetworkPolicies: off by default; on, each role's ingress and egress exactly as the values name them. */
class ChartNetworkPolicyTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The least a user sets: the switch and the API server's address. */
    private static final Map<String, Object> MINIMAL = Map.of("networkPolicy.enabled", true,
            "networkPolicy.apiServer.cidrs[0]", "172.18.0.2/32");

    private static RenderedChart rendered(String values) {
        return values.equals("minimal") ? RenderedChart.withSet(MINIMAL) : RenderedChart.withValues(values);
    }

    private static JsonNode policy(RenderedChart chart, String role) {
        return chart.get("NetworkPolicy", "modelport-" + role, NAMESPACE);
    }

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void shouldRenderNoNetworkPolicyByDefault() {
        assertThat(RenderedChart.defaults().ofKind("NetworkPolicy")).isEmpty();
        assertThat(RenderedChart.withValues("namespaced").ofKind("NetworkPolicy")).isEmpty();
    }

    @Test
    void shouldRefuseToEnableThePoliciesWithoutTheApiServersAddresses() {
        assertThatThrownBy(() -> RenderedChart.withSet(Map.of("networkPolicy.enabled", true)))
                .hasMessageContaining("networkPolicy.apiServer.cidrs must name the API server's addresses");
    }

    @ParameterizedTest
    @ValueSource(strings = {"minimal", "network-policy", "network-policy-closed", "tracing"})
    void shouldSelectEachRolesPodsAndRestrictBothDirections(String values) {
        RenderedChart chart = rendered(values);

        assertThat(chart.ofKind("NetworkPolicy")).hasSize(2);
        for (String role : new String[] {"operator", "gateway"}) {
            JsonNode spec = policy(chart, role).path("spec");
            assertThat(spec.at("/podSelector/matchLabels")).as(role)
                    .isEqualTo(chart.deployment(role).at("/spec/selector/matchLabels"));
            assertThat(RenderedChart.strings(spec.path("policyTypes"))).as(role).containsExactly("Ingress", "Egress");
            // A rule without peers or ports would let everything through.
            for (JsonNode rule : spec.path("ingress")) {
                assertThat(rule.path("from")).as(role + " ingress from").isNotEmpty();
                assertThat(rule.path("ports")).as(role + " ingress ports").isNotEmpty();
            }
            for (JsonNode rule : spec.path("egress")) {
                assertThat(rule.path("to")).as(role + " egress to").isNotEmpty();
            }
        }
    }

    @Test
    void shouldAcceptTheHttpPortOnlyFromTheNamedNamespaces() {
        RenderedChart chart = RenderedChart.withValues("network-policy");

        assertThat(policy(chart, "operator").at("/spec/ingress")).isEqualTo(yaml("""
                - ports: [{port: 8080, protocol: TCP}]
                  from:
                    - namespaceSelector:
                        matchExpressions:
                          - {key: kubernetes.io/metadata.name, operator: In, values: [monitoring, team-a]}
                """));
        assertThat(policy(chart, "gateway").at("/spec/ingress")).isEqualTo(yaml("""
                - ports: [{port: 8080, protocol: TCP}]
                  from:
                    - namespaceSelector:
                        matchExpressions:
                          - {key: kubernetes.io/metadata.name, operator: In, values: [team-a, team-b, monitoring]}
                """));
    }

    @Test
    void shouldConnectOnlyToTheApiServerTheDnsAndTheUpstreams() {
        RenderedChart chart = RenderedChart.withValues("network-policy");
        JsonNode expected = yaml("""
                - to: [{ipBlock: {cidr: 172.18.0.2/32}}, {ipBlock: {cidr: 172.18.0.3/32}}]
                  ports: [{port: 6443, protocol: TCP}]
                - to:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                      podSelector: {matchLabels: {k8s-app: kube-dns}}
                    - ipBlock: {cidr: 169.254.20.10/32}
                  ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
                - to:
                    - ipBlock: {cidr: 10.20.0.0/16}
                    - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 169.254.0.0/16]}
                  ports: [{port: 443, protocol: TCP}, {port: 8443, protocol: TCP}]
                """);

        assertThat(policy(chart, "operator").at("/spec/egress")).isEqualTo(expected);
        assertThat(policy(chart, "gateway").at("/spec/egress")).isEqualTo(expected);
    }

    @Test
    void shouldLetBothRolesReachTheCollectorOnlyWithTracingOn() {
        RenderedChart chart = RenderedChart.withValues("tracing");
        JsonNode collector = yaml("""
                to:
                  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: observability}}
                    podSelector: {matchLabels: {app.kubernetes.io/name: otel-collector}}
                  - ipBlock: {cidr: 10.30.0.0/24}
                ports: [{port: 4318, protocol: TCP}]
                """);

        for (String role : new String[] {"operator", "gateway"}) {
            JsonNode egress = policy(chart, role).at("/spec/egress");
            assertThat(egress).as(role).hasSize(4).contains(collector);
        }
        assertThat(policy(RenderedChart.withSet(MINIMAL), "gateway").at("/spec/egress")).hasSize(3);
        assertThatThrownBy(() -> RenderedChart.withSet(Map.of("networkPolicy.enabled", true,
                "networkPolicy.apiServer.cidrs[0]", "172.18.0.2/32", "tracing.endpoint", "http://collector:4317")))
                .hasMessageContaining("networkPolicy.collector must name the OpenTelemetry collector's namespace");
    }

    @Test
    void shouldLetEveryNamespaceCallTheGatewayAndMonitoringScrapeByDefault() {
        RenderedChart chart = RenderedChart.withSet(MINIMAL);

        assertThat(policy(chart, "gateway").at("/spec/ingress")).isEqualTo(yaml("""
                - ports: [{port: 8080, protocol: TCP}]
                  from: [{namespaceSelector: {}}]
                """));
        assertThat(policy(chart, "operator").at("/spec/ingress/0/from/0/namespaceSelector/matchExpressions/0/values"))
                .isEqualTo(yaml("[monitoring]"));
        assertThat(policy(chart, "operator").at("/spec/egress")).isEqualTo(yaml("""
                - to: [{ipBlock: {cidr: 172.18.0.2/32}}]
                  ports: [{port: 443, protocol: TCP}, {port: 6443, protocol: TCP}]
                - to:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                      podSelector: {matchLabels: {k8s-app: kube-dns}}
                  ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
                - to:
                    - ipBlock: {cidr: 0.0.0.0/0, except: [169.254.0.0/16, 100.100.100.200/32]}
                    - ipBlock: {cidr: '::/0', except: ['fe80::/10', 'fd00:ec2::254/128']}
                  ports: [{port: 443, protocol: TCP}]
                """));
    }

    @Test
    void shouldAcceptNothingAndReachNoUpstreamWhenNothingIsNamed() {
        RenderedChart chart = RenderedChart.withValues("network-policy-closed");

        JsonNode operator = policy(chart, "operator").path("spec");
        assertThat(operator.path("ingress").isArray()).isTrue();
        assertThat(operator.path("ingress")).as("no peer: only the node's probes").isEmpty();
        assertThat(operator.path("egress")).hasSize(2);
        assertThat(policy(chart, "gateway").at("/spec/ingress/0/from")).isEqualTo(yaml("[{namespaceSelector: {}}]"));
    }
}
