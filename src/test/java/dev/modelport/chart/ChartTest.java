package dev.modelport.chart;

import static dev.modelport.chart.RenderedChart.NAMESPACE;
import static dev.modelport.chart.RenderedChart.container;
import static dev.modelport.chart.RenderedChart.env;
import static dev.modelport.chart.RenderedChart.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.modelport.crd.GenerateCrd;
import dev.modelport.operator.InferenceServiceDependentResource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Helm chart as the Helm engine lints and renders it: workloads, wiring, hardening, metrics, the CRD. */
class ChartTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Each values case of src/test/resources/ChartTest, plus "default" for the chart's own values. */
    static RenderedChart rendered(String values) {
        return values.equals("default") ? RenderedChart.defaults() : RenderedChart.withValues(values);
    }

    @Test
    void shouldPassStrictLint() {
        LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void shouldRunEachRoleFromTheSameImageWithItsOwnArgsAndServiceAccount() throws Exception {
        RenderedChart chart = RenderedChart.defaults();
        String image = "ghcr.io/modelport/modelport:" + projectVersion();

        for (String role : new String[] {"operator", "gateway"}) {
            JsonNode deployment = chart.deployment(role);
            assertThat(container(deployment).path("image").asText()).as(role).isEqualTo(image);
            assertThat(strings(container(deployment).path("args"))).as(role).containsExactly(role);
            String account = deployment.at("/spec/template/spec/serviceAccountName").asText();
            assertThat(account).as(role).isEqualTo("modelport-" + role);
            chart.get("ServiceAccount", account, NAMESPACE);
        }
        assertThat(chart.deployment("operator").at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(chart.deployment("gateway").at("/spec/replicas").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "namespaced", "monitoring"})
    void shouldHardenEveryPodAndContainer(String values) {
        for (JsonNode deployment : rendered(values).ofKind("Deployment")) {
            String name = deployment.at("/metadata/name").asText();
            JsonNode pod = deployment.at("/spec/template/spec");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).as(name).isEqualTo("RuntimeDefault");
            assertThat(pod.path("containers")).as(name).isNotEmpty();
            for (JsonNode container : pod.path("containers")) {
                JsonNode security = container.path("securityContext");
                assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
                assertThat(security.path("allowPrivilegeEscalation").isBoolean()).as(name).isTrue();
                assertThat(security.path("allowPrivilegeEscalation").asBoolean()).as(name).isFalse();
                assertThat(security.path("privileged").asBoolean(false)).as(name).isFalse();
                assertThat(strings(security.at("/capabilities/drop"))).as(name).contains("ALL");
                assertThat(security.at("/capabilities/add").isMissingNode()).as(name).isTrue();
                // Quarkus writes to /tmp: a writable emptyDir beside the read-only root filesystem.
                JsonNode tmp = StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                        .filter(m -> m.path("mountPath").asText().equals("/tmp")).findFirst().orElseThrow();
                JsonNode volume = StreamSupport.stream(pod.path("volumes").spliterator(), false)
                        .filter(v -> v.path("name").asText().equals(tmp.path("name").asText())).findFirst()
                        .orElseThrow();
                assertThat(volume.has("emptyDir")).as(name).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "namespaced", "monitoring"})
    void shouldProbeHealthOnTheHttpPort(String values) {
        for (JsonNode deployment : rendered(values).ofKind("Deployment")) {
            JsonNode container = container(deployment);
            String name = deployment.at("/metadata/name").asText();
            assertThat(container.at("/ports/0/name").asText()).as(name).isEqualTo("http");
            assertThat(container.at("/ports/0/containerPort").asInt()).as(name).isEqualTo(8080);
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/ready");
            assertThat(container.at("/startupProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/live");
            for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
                assertThat(container.path(probe).at("/httpGet/port").asText()).as(name + " " + probe)
                        .isEqualTo("http");
            }
        }
    }

    @Test
    void shouldPointPerModelServicesAtTheGatewayService() {
        RenderedChart chart = RenderedChart.defaults();
        JsonNode gateway = chart.get("Service", "modelport-gateway", NAMESPACE);

        assertThat(env(chart.deployment("operator"), "MODELPORT_GATEWAY_HOST"))
                .isEqualTo("modelport-gateway." + NAMESPACE + ".svc.cluster.local");
        // Clients call <model>-inference.<namespace>.svc on the per-model Service's port, which is the gateway's.
        assertThat(gateway.at("/spec/ports/0/port").asInt()).isEqualTo(InferenceServiceDependentResource.PORT);
        assertThat(gateway.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
        assertSelects(gateway.at("/spec/selector"), chart.deployment("gateway"));
        assertSelects(chart.get("Service", "modelport-operator", NAMESPACE).at("/spec/selector"),
                chart.deployment("operator"));
    }

    @Test
    void shouldConfigureTheRolesFromTheValues() {
        RenderedChart chart = RenderedChart.withValues("namespaced");
        JsonNode operator = chart.deployment("operator");
        JsonNode gateway = chart.deployment("gateway");

        assertThat(env(operator, "QUARKUS_OPERATOR_SDK_NAMESPACES")).isEqualTo("team-a,team-b");
        assertThat(env(gateway, "MODELPORT_GATEWAY_NAMESPACES")).isEqualTo("team-a,team-b");
        assertThat(env(operator, "MODELPORT_UPSTREAM_ALLOW_LIST")).isEqualTo("10.20.0.0/16,llm.internal.example.com");
        assertThat(env(gateway, "MODELPORT_UPSTREAM_ALLOW_LIST")).isEqualTo("10.20.0.0/16,llm.internal.example.com");
        assertThat(env(gateway, "MODELPORT_GATEWAY_AUTH")).isEqualTo("kubernetes");
        assertThat(env(gateway, "MODELPORT_GATEWAY_AUDIENCES")).isEqualTo("modelport-gateway");
    }

    /**
     * Each role's JVM flags and malloc arenas (the ones bench/operator-scale.sh and bench/gateway.sh run): the
     * operator's a control loop's, C1 only; the gateway keeps C2.
     */
    @Test
    void shouldRunEachRolesJvmWithItsOwnFlags() {
        RenderedChart chart = RenderedChart.defaults();

        assertThat(env(chart.deployment("operator"), "JDK_JAVA_OPTIONS"))
                .isEqualTo("-XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        assertThat(env(chart.deployment("operator"), "MALLOC_ARENA_MAX")).isEqualTo("2");
        assertThat(env(chart.deployment("gateway"), "JDK_JAVA_OPTIONS"))
                .isEqualTo("-XX:+UseSerialGC -XX:+UseStringDeduplication -XX:TrimNativeHeapInterval=1000");
        assertThat(env(chart.deployment("gateway"), "MALLOC_ARENA_MAX")).isEqualTo("2");

        JsonNode unset = RenderedChart.withSet(Map.of("gateway.jvmOptions", "", "gateway.mallocArenaMax", ""))
                .deployment("gateway");
        assertThat(env(unset, "JDK_JAVA_OPTIONS")).isNull();
        assertThat(env(unset, "MALLOC_ARENA_MAX")).isNull();
    }

    @Test
    void shouldBoundStreamsAndGiveTheGatewayTimeToDrainOnShutdown() {
        JsonNode gateway = RenderedChart.defaults().deployment("gateway");

        assertThat(env(gateway, "MODELPORT_GATEWAY_STREAM_MAX_BYTES")).isEqualTo("64M");
        assertThat(env(gateway, "MODELPORT_GATEWAY_STREAM_MAX_DURATION")).isEqualTo("30m");
        assertThat(env(gateway, "MODELPORT_GATEWAY_STREAM_CALLER_READ_TIMEOUT")).isEqualTo("60s");
        assertThat(env(gateway, "QUARKUS_SHUTDOWN_DELAY")).isEqualTo("5s");
        assertThat(env(gateway, "QUARKUS_SHUTDOWN_TIMEOUT")).isEqualTo("25s");
        assertThat(gateway.at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(35);

        JsonNode set = RenderedChart.withSet(Map.of("gateway.shutdown.drainDelaySeconds", 10,
                "gateway.shutdown.timeoutSeconds", 50, "gateway.stream.maxBytes", "16M")).deployment("gateway");
        assertThat(env(set, "QUARKUS_SHUTDOWN_DELAY")).isEqualTo("10s");
        assertThat(env(set, "QUARKUS_SHUTDOWN_TIMEOUT")).isEqualTo("50s");
        assertThat(env(set, "MODELPORT_GATEWAY_STREAM_MAX_BYTES")).isEqualTo("16M");
        assertThat(set.at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(65);
    }

    @Test
    void shouldCapTheCallersOfTheUsageCountersAndKeepTheAccessLogOffByDefault() {
        JsonNode gateway = RenderedChart.defaults().deployment("gateway");

        assertThat(env(gateway, "MODELPORT_GATEWAY_METRICS_MAX_CALLERS")).isEqualTo("100");
        assertThat(env(gateway, "MODELPORT_GATEWAY_ACCESS_LOG_ENABLED")).isEqualTo("false");

        JsonNode set = RenderedChart.withSet(Map.of("gateway.metrics.maxCallers", 500,
                "gateway.accessLog.enabled", true)).deployment("gateway");
        assertThat(env(set, "MODELPORT_GATEWAY_METRICS_MAX_CALLERS")).isEqualTo("500");
        assertThat(env(set, "MODELPORT_GATEWAY_ACCESS_LOG_ENABLED")).isEqualTo("true");
    }

    @Test
    void shouldExportTracesFromBothRolesOnlyOnceAnEndpointIsSet() {
        RenderedChart defaults = RenderedChart.defaults();
        RenderedChart traced = RenderedChart.withValues("tracing");

        for (String role : new String[] {"operator", "gateway"}) {
            JsonNode off = defaults.deployment(role);
            assertThat(StreamSupport.stream(container(off).path("env").spliterator(), false)
                    .map(variable -> variable.path("name").asText())).as(role)
                    .isNotEmpty().noneMatch(name -> name.startsWith("QUARKUS_OTEL_"));
            JsonNode on = traced.deployment(role);
            assertThat(env(on, "QUARKUS_OTEL_SDK_DISABLED")).as(role).isEqualTo("false");
            assertThat(env(on, "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")).as(role)
                    .isEqualTo("http://otel-collector.observability:4318");
            assertThat(env(on, "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")).as(role).isEqualTo("http/protobuf");
            assertThat(env(on, "QUARKUS_OTEL_TRACES_SAMPLER_ARG")).as(role).isEqualTo("0.25");
            assertThat(env(on, "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_HEADERS")).as(role)
                    .isEqualTo("{\"secretKeyRef\":{\"name\":\"otlp-headers\",\"key\":\"headers\"}}");
        }
        JsonNode endpointOnly = RenderedChart.withSet(Map.of("tracing.endpoint", "http://collector:4317"))
                .deployment("gateway");
        assertThat(env(endpointOnly, "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")).isEqualTo("grpc");
        assertThat(env(endpointOnly, "QUARKUS_OTEL_TRACES_SAMPLER_ARG")).isEqualTo("1");
        assertThat(env(endpointOnly, "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_HEADERS")).isNull();
    }

    @Test
    void shouldRefuseAnUnknownTraceProtocolOrARatioOutsideZeroToOne() {
        assertThatThrownBy(() -> RenderedChart.withSet(Map.of("tracing.endpoint", "http://collector:4317",
                "tracing.protocol", "http/json")))
                .hasMessageContaining("tracing.protocol must be grpc or http/protobuf, not http/json");
        assertThatThrownBy(() -> RenderedChart.withSet(Map.of("tracing.endpoint", "http://collector:4317",
                "tracing.samplerRatio", 1.5)))
                .hasMessageContaining("tracing.samplerRatio must be between 0 and 1, not 1.5");
    }

    @Test
    void shouldWatchEveryNamespaceByDefault() {
        RenderedChart chart = RenderedChart.defaults();

        assertThat(env(chart.deployment("operator"), "QUARKUS_OPERATOR_SDK_NAMESPACES")).isNull();
        assertThat(env(chart.deployment("gateway"), "MODELPORT_GATEWAY_NAMESPACES")).isNull();
        assertThat(env(chart.deployment("operator"), "MODELPORT_UPSTREAM_ALLOW_LIST")).isNull();
    }

    @Test
    void shouldElectALeaderThroughALeaseInTheReleaseNamespace() {
        JsonNode operator = RenderedChart.defaults().deployment("operator");

        assertThat(env(operator, "MODELPORT_LEADER_ELECTION_ENABLED")).isEqualTo("true");
        assertThat(env(operator, "MODELPORT_LEADER_ELECTION_LEASE_NAME")).isEqualTo("modelport-operator");
        assertThat(env(operator, "MODELPORT_LEADER_ELECTION_LEASE_NAMESPACE")).contains("metadata.namespace");
    }

    @Test
    void shouldRefuseSeveralOperatorsWithoutLeaderElection() {
        assertThatThrownBy(() -> RenderedChart.withSet(Map.of("operator.replicas", 2,
                "operator.leaderElection.enabled", false))).hasMessageContaining("needs operator.leaderElection");
    }

    @Test
    void shouldRefuseAnUnknownGatewayAuthMode() {
        assertThatThrownBy(() -> RenderedChart.withSet(Map.of("gateway.auth.mode", "kubernets")))
                .hasMessageContaining("gateway.auth.mode must be kubernetes or none");
    }

    @Test
    void shouldAnnotatePodsForPrometheusAndKeepDisruptionsToOnePodByDefault() {
        RenderedChart chart = RenderedChart.defaults();

        for (String role : new String[] {"operator", "gateway"}) {
            JsonNode annotations = chart.deployment(role).at("/spec/template/metadata/annotations");
            assertThat(annotations.path("prometheus.io/scrape").asText()).as(role).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/port").asText()).as(role).isEqualTo("8080");
            assertThat(annotations.path("prometheus.io/path").asText()).as(role).isEqualTo("/q/metrics");
            JsonNode budget = chart.get("PodDisruptionBudget", "modelport-" + role, NAMESPACE);
            assertThat(budget.at("/spec/maxUnavailable").asInt()).as(role).isEqualTo(1);
            assertSelects(budget.at("/spec/selector/matchLabels"), chart.deployment(role));
        }
        assertThat(chart.ofKind("ServiceMonitor")).isEmpty();
        assertThat(chart.ofKind("HorizontalPodAutoscaler")).isEmpty();
    }

    @Test
    void shouldScrapeThroughServiceMonitorsAndAutoscaleTheGatewayWhenAskedTo() {
        RenderedChart chart = RenderedChart.withValues("monitoring");

        for (String role : new String[] {"operator", "gateway"}) {
            JsonNode monitor = chart.get("ServiceMonitor", "modelport-" + role, NAMESPACE);
            assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
            assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
            assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
            assertThat(monitor.at("/spec/endpoints/0/honorLabels").asBoolean())
                    .as("the metrics' namespace label (the model's) is kept").isTrue();
            assertSelects(monitor.at("/spec/selector/matchLabels"),
                    chart.get("Service", "modelport-" + role, NAMESPACE).at("/metadata/labels"));
            assertThat(chart.deployment(role).at("/spec/template/metadata/annotations").isMissingNode()).isTrue();
        }
        JsonNode hpa = chart.get("HorizontalPodAutoscaler", "modelport-gateway", NAMESPACE);
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("modelport-gateway");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(3);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(6);
        // The HPA owns the gateway's replica count; the operator keeps its own.
        assertThat(chart.deployment("gateway").at("/spec/replicas").isMissingNode()).isTrue();
        assertThat(chart.deployment("operator").at("/spec/replicas").asInt()).isEqualTo(2);
    }

    /** CrdTest checks the file in helm/modelport/crds; this checks that it is the one CRD Helm installs. */
    @Test
    void shouldInstallExactlyTheGeneratedCrd() throws IOException {
        JsonNode generated = YAML.readTree(Path.of("target/kubernetes", GenerateCrd.FILE_NAME).toFile());
        List<JsonNode> installed = new ArrayList<>();
        YAML.readValues(YAML.createParser(new Helm(RenderedChart.CHART).show().crds().call()), JsonNode.class)
                .forEachRemaining(installed::add);

        assertThat(installed).containsExactly(generated);
    }

    /** Every label of the selector is on the target (a Deployment's pod template, or a labels object). */
    private static void assertSelects(JsonNode selector, JsonNode target) {
        JsonNode labels = target.has("spec") ? target.at("/spec/template/metadata/labels") : target;
        assertThat(selector.size()).isPositive();
        selector.fields().forEachRemaining(label -> assertThat(labels.path(label.getKey()).asText())
                .as("label %s", label.getKey()).isEqualTo(label.getValue().asText()));
    }

    /** The Maven project version, which the chart's appVersion (the default image tag) must follow. */
    private static String projectVersion() throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        var children = pom.getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if ("version".equals(children.item(i).getNodeName())) {
                return children.item(i).getTextContent().trim();
            }
        }
        throw new AssertionError("pom.xml has no project version");
    }
}
