package dev.modelport.chart;

import static dev.modelport.chart.RenderedChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Grafana dashboard and the PrometheusRule the chart ships: off by default, and as the values ask when on. */
class ChartDashboardAndAlertsTest {

    static final Path DASHBOARD = RenderedChart.CHART.resolve("dashboards/modelport.json");
    static final Map<String, Object> BOTH_ON = Map.of("metrics.dashboard.enabled", true,
            "metrics.prometheusRule.enabled", true);
    static final List<String> ALERTS = List.of("ModelportModelTestFailing", "ModelportGatewayErrorRatio",
            "ModelportGatewayLatencyHigh", "ModelportGatewayTimeToFirstTokenHigh", "ModelportCircuitOpen",
            "ModelportOperatorReconcileErrors");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"default", "namespaced", "monitoring"})
    void shouldShipNeitherDashboardNorAlertsUnlessAskedTo(String values) {
        RenderedChart chart = ChartTest.rendered(values);

        assertThat(chart.ofKind("ConfigMap")).isEmpty();
        assertThat(chart.ofKind("PrometheusRule")).isEmpty();
    }

    @Test
    void shouldShipTheDashboardFileUnderTheSidecarsUsualLabel() throws IOException {
        JsonNode configMap = RenderedChart.withSet(Map.of("metrics.dashboard.enabled", true))
                .get("ConfigMap", "modelport-dashboard", NAMESPACE);

        assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(configMap.at("/metadata/labels/app.kubernetes.io~1part-of").asText()).isEqualTo("modelport");
        assertThat(JSON.readTree(configMap.at("/data/modelport.json").asText()))
                .isEqualTo(JSON.readTree(DASHBOARD.toFile()));
    }

    @Test
    void shouldHonourTheDashboardsLabelNamespaceAndAnnotations() {
        JsonNode configMap = RenderedChart.withValues("dashboard-and-alerts")
                .get("ConfigMap", "modelport-dashboard", "monitoring");

        assertThat(configMap.at("/metadata/labels/grafana-dashboards").asText()).isEqualTo("modelport");
        assertThat(configMap.at("/metadata/labels/grafana_dashboard").isMissingNode()).isTrue();
        assertThat(configMap.at("/metadata/annotations/grafana_folder").asText()).isEqualTo("LLM");
    }

    @Test
    void shouldRefuseADashboardWithoutTheSidecarsLabel() {
        assertThatThrownBy(() -> RenderedChart.withSet(Map.of("metrics.dashboard.enabled", true,
                "metrics.dashboard.label", ""))).hasMessageContaining("metrics.dashboard.label is required");
    }

    /** The dashboard reads one Prometheus data source, chosen in Grafana, and every panel has a query. */
    @Test
    void shouldQueryTheChosenDataSourceInEveryPanel() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        List<JsonNode> panels = StreamSupport.stream(dashboard.path("panels").spliterator(), false)
                .filter(panel -> !"row".equals(panel.path("type").asText())).toList();

        assertThat(dashboard.path("uid").asText()).isEqualTo("modelport");
        assertThat(panels).hasSizeGreaterThan(15).allSatisfy(panel -> {
            String title = panel.path("title").asText();
            assertThat(panel.at("/datasource/uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("description").asText()).as(title).isNotBlank();
            assertThat(panel.path("targets")).as(title).isNotEmpty().allSatisfy(target ->
                    assertThat(target.path("expr").asText()).as(title).isNotBlank());
        });
        assertThat(panels.stream().map(panel -> panel.path("id").asInt()).distinct()).hasSameSizeAs(panels);
    }

    @Test
    void shouldRaiseEveryAlertWithItsDefaultThresholdsSeverityAndRunbook() {
        Map<String, JsonNode> alerts = alerts(RenderedChart.withSet(BOTH_ON));

        assertThat(alerts).containsOnlyKeys(ALERTS);
        JsonNode errors = alerts.get("ModelportGatewayErrorRatio");
        assertThat(errors.path("expr").asText()).contains(") > 0.05", "[5m])) > 0.05",
                "outcome!~\"success|InvalidInput|FeatureNotSupported|model_not_found|unauthenticated|"
                        + "permission_denied|method_not_allowed|unsupported_media_type|request_too_large|"
                        + "caller_not_reading\"");
        assertThat(errors.path("for").asText()).isEqualTo("10m");
        assertThat(errors.at("/labels/severity").asText()).isEqualTo("critical");
        assertThat(alerts.get("ModelportGatewayLatencyHigh").path("expr").asText()).contains("histogram_quantile(0.99",
                "> 30");
        assertThat(alerts.get("ModelportModelTestFailing").path("for").asText()).isEqualTo("15m");
        assertThat(alerts.get("ModelportModelTestFailing").at("/annotations/summary").asText())
                .isEqualTo("ExternalModel {{ $labels.namespace }}/{{ $labels.model }} fails its connectivity test");
        assertThat(alerts.get("ModelportOperatorReconcileErrors").path("expr").asText()).contains("[10m]", "> 0");
    }

    @Test
    void shouldTakeThresholdsLabelsAndSwitchesFromTheValues() {
        RenderedChart chart = RenderedChart.withValues("dashboard-and-alerts");
        JsonNode rule = chart.get("PrometheusRule", "modelport", NAMESPACE);
        Map<String, JsonNode> alerts = alerts(chart);

        assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
        assertThat(alerts).doesNotContainKey("ModelportGatewayTimeToFirstTokenHigh").hasSize(ALERTS.size() - 1);
        assertThat(alerts.values()).allSatisfy(alert -> assertThat(alert.at("/labels/team").asText())
                .as(alert.path("alert").asText()).isEqualTo("platform"));
        JsonNode errors = alerts.get("ModelportGatewayErrorRatio");
        assertThat(errors.path("expr").asText()).contains("[15m]", "> 0.1",
                "outcome!~\"success|InvalidInput|model_not_found\"").doesNotContain("[5m]");
        assertThat(errors.path("for").asText()).isEqualTo("30m");
        assertThat(errors.at("/labels/severity").asText()).isEqualTo("warning");
    }

    /** The rendered alerts by name. */
    static Map<String, JsonNode> alerts(RenderedChart chart) {
        JsonNode rule = chart.get("PrometheusRule", "modelport", NAMESPACE);
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        return StreamSupport.stream(rule.at("/spec/groups").spliterator(), false)
                .flatMap(group -> StreamSupport.stream(group.path("rules").spliterator(), false))
                .collect(java.util.stream.Collectors.toMap(alert -> alert.path("alert").asText(), alert -> alert));
    }
}
