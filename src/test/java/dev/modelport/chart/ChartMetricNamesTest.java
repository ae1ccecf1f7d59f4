package dev.modelport.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.gateway.resilience.ResilienceMeterSamples;
import dev.modelport.gateway.telemetry.GatewayMeterSamples;
import dev.modelport.operator.OperatorMeterSamples;
import dev.modelport.testing.PrometheusText;
import dev.modelport.upstream.UpstreamMeterSamples;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metric names the dashboard's queries and the alerts' expressions use are names the code exports: the gateway's,
 * the upstream client's and the operator's meters, each recorded once into a Prometheus registry, and the Java
 * Operator SDK's reconcile counts as the operator builds them. A renamed metric fails here, not on a dashboard that
 * quietly shows "No data". The other way round, every Modelport metric has a panel and a line in the README.
 */
class ChartMetricNamesTest {

    /** Modelport's own metrics, and the Java Operator SDK's reconcile meters the dashboard and an alert reuse. */
    private static final Pattern METRIC = Pattern.compile("\\b(modelport_[a-z_]+|reconciliations_[a-z_]+)");
    private static final Pattern CONTROLLER = Pattern.compile("controller_name=\"([^\"]*)\"");
    /** The suffixes Prometheus adds to a counter's, a histogram's and Micrometer's timer's samples. */
    private static final Pattern SUFFIX = Pattern.compile("_(total|bucket|count|sum|max)$");

    private static Set<String> exported;
    private static String dashboard;
    private static String alertExpressions;

    @BeforeAll
    static void scrape() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatewayMeterSamples.recordEach(registry);
        ResilienceMeterSamples.recordEach(registry);
        UpstreamMeterSamples.recordEach(registry);
        OperatorMeterSamples.recordEach(registry);
        exported = PrometheusText.sampleNames(registry.scrape());
        dashboard = Files.readString(ChartDashboardAndAlertsTest.DASHBOARD);
        alertExpressions = ChartDashboardAndAlertsTest.alerts(RenderedChart.withSet(ChartDashboardAndAlertsTest.BOTH_ON))
                .values().stream().map(alert -> alert.path("expr").asText()).collect(Collectors.joining("\n"));
    }

    @Test
    void shouldQueryOnlyMetricsTheCodeExports() {
        assertThat(referenced(dashboard)).isNotEmpty();
        assertThat(missing(referenced(dashboard), exported)).as("queried by the dashboard, exported by no code")
                .isEmpty();
        assertThat(referenced(alertExpressions)).isNotEmpty();
        assertThat(missing(referenced(alertExpressions), exported)).as("in an alert, exported by no code").isEmpty();
    }

    /** The check itself: a query on a metric whose name changed by one letter is caught. */
    @Test
    void shouldCatchARenamedMetric() {
        Set<String> queried = referenced("sum by (model) (rate(modelport_gateway_request_total[5m])) / "
                + "sum(rate(modelport_gateway_requests_total[5m]))");

        assertThat(missing(queried, exported)).containsExactly("modelport_gateway_request_total");
    }

    /** The Java Operator SDK's meters are selected by the controller name the operator registers them under. */
    @Test
    void shouldSelectTheOperatorsReconcilesByItsControllerName() {
        Matcher controller = CONTROLLER.matcher(dashboard + alertExpressions);

        assertThat(controller.results().map(m -> m.group(1))).isNotEmpty()
                .containsOnly(OperatorMeterSamples.CONTROLLER);
    }

    @Test
    void shouldShowEveryModelportMetricOnTheDashboard() {
        assertThat(families(exported)).isNotEmpty();
        assertThat(missing(families(exported), families(referenced(dashboard)))).as("exported, on no panel")
                .isEmpty();
    }

    @Test
    void shouldDescribeEveryModelportMetricInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).contains("## Operating Modelport");
        String operating = readme.substring(readme.indexOf("## Operating Modelport"));

        assertThat(families(exported).stream().filter(family -> !operating.contains("`" + family)))
                .as("exported, not in the README's Operating Modelport section").isEmpty();
    }

    /**
     * What promtool would catch first, without promtool (not available offline): each alert has a non-empty
     * expression with balanced brackets and quotes, a duration, a severity, a summary, a description and a runbook,
     * and its annotations' Prometheus templates are closed.
     */
    @Test
    void shouldGiveEveryAlertAWellFormedExpressionSeverityAndRunbook() {
        for (JsonNode alert : ChartDashboardAndAlertsTest.alerts(RenderedChart.withSet(
                ChartDashboardAndAlertsTest.BOTH_ON)).values()) {
            String name = alert.path("alert").asText();
            String expr = alert.path("expr").asText();
            assertThat(expr).as(name).isNotBlank();
            assertThat(balanced(expr)).as("%s: brackets and quotes of %s", name, expr).isTrue();
            assertThat(alert.path("for").asText()).as(name).matches("\\d+[smh]");
            assertThat(alert.at("/labels/severity").asText()).as(name).isIn("info", "warning", "critical");
            for (String annotation : new String[] {"summary", "description", "runbook"}) {
                String text = alert.at("/annotations/" + annotation).asText();
                assertThat(text).as("%s %s", name, annotation).isNotBlank();
                assertThat(text.split("\\{\\{", -1).length).as("%s %s: templates closed", name, annotation)
                        .isEqualTo(text.split("}}", -1).length);
            }
        }
    }

    private static Set<String> missing(Set<String> names, Set<String> from) {
        Set<String> missing = new TreeSet<>(names);
        missing.removeAll(from);
        return missing;
    }

    static Set<String> referenced(String text) {
        return METRIC.matcher(text).results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Modelport's metric families: sample names without the suffixes Prometheus and Micrometer add. */
    private static Set<String> families(Set<String> samples) {
        return samples.stream().filter(name -> name.startsWith("modelport_"))
                .map(name -> SUFFIX.matcher(name).replaceFirst("")).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether (), [] and {} nest properly outside double-quoted strings, and every string is closed. */
    private static boolean balanced(String expr) {
        StringBuilder open = new StringBuilder();
        boolean quoted = false;
        for (char c : expr.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && "([{".indexOf(c) >= 0) {
                open.append(c);
            } else if (!quoted && ")]}".indexOf(c) >= 0) {
                if (open.isEmpty() || "([{".indexOf(open.charAt(open.length() - 1)) != ")]}".indexOf(c)) {
                    return false;
                }
                open.setLength(open.length() - 1);
            }
        }
        return !quoted && open.isEmpty();
    }
}
