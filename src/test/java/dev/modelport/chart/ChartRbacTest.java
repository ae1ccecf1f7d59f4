package dev.modelport.chart;

import static dev.modelport.chart.RenderedChart.NAMESPACE;
import static dev.modelport.chart.RenderedChart.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chart's RBAC: least privilege, explicit everywhere, and scoped to the watched namespaces. */
class ChartRbacTest {

    /** What the operator's code uses, resource by resource (see the comments in rbac-operator.yaml). */
    private static final Map<String, List<String>> OPERATOR = Map.of(
            "modelport.dev/externalmodels", List.of("get", "list", "watch", "patch"),
            "modelport.dev/externalmodels/status", List.of("patch"),
            "/secrets", List.of("list", "watch"),
            "/services", List.of("get", "list", "watch", "create", "update", "patch", "delete"),
            "/events", List.of("create"));
    private static final Map<String, List<String>> GATEWAY = Map.of(
            "modelport.dev/externalmodels", List.of("list", "watch"),
            "modelport.dev/externalmodels/status", List.of("patch"),
            "/secrets", List.of("list", "watch"));
    private static final Map<String, List<String>> REVIEWS = Map.of(
            "authentication.k8s.io/tokenreviews", List.of("create"),
            "authorization.k8s.io/subjectaccessreviews", List.of("create"));

    @ParameterizedTest
    @ValueSource(strings = {"default", "namespaced", "monitoring"})
    void shouldNameEveryVerbResourceAndGroupExplicitly(String values) {
        for (JsonNode role : roles(ChartTest.rendered(values))) {
            for (JsonNode rule : role.path("rules")) {
                for (String field : new String[] {"verbs", "resources", "apiGroups", "resourceNames"}) {
                    assertThat(strings(rule.path(field))).as("%s %s", name(role), field)
                            .noneMatch(value -> value.contains("*"));
                }
                assertThat(rule.has("nonResourceURLs")).as(name(role)).isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "namespaced", "monitoring"})
    void shouldOnlyEverReadSecrets(String values) {
        List<JsonNode> secretRules = roles(ChartTest.rendered(values)).stream()
                .flatMap(role -> iterable(role.path("rules")).stream())
                .filter(rule -> strings(rule.path("resources")).contains("secrets"))
                .toList();

        assertThat(secretRules).isNotEmpty();
        assertThat(secretRules).allSatisfy(rule ->
                assertThat(strings(rule.path("verbs"))).isSubsetOf("get", "list", "watch"));
    }

    @Test
    void shouldGrantClusterWideWhenEveryNamespaceIsWatched() {
        RenderedChart chart = RenderedChart.defaults();

        assertThat(grants(chart.get("ClusterRole", "modelport-operator", null))).isEqualTo(sorted(OPERATOR));
        assertThat(grants(chart.get("ClusterRole", "modelport-gateway", null))).isEqualTo(sorted(GATEWAY));
        assertThat(grants(chart.get("ClusterRole", "modelport-gateway-reviews", null)))
                .isEqualTo(sorted(REVIEWS));
        assertBinds(chart.get("ClusterRoleBinding", "modelport-operator", null), "ClusterRole", "modelport-operator");
        assertBinds(chart.get("ClusterRoleBinding", "modelport-gateway", null), "ClusterRole", "modelport-gateway");
        assertBinds(chart.get("ClusterRoleBinding", "modelport-gateway-reviews", null), "ClusterRole",
                "modelport-gateway");
        assertThat(chart.ofKind("Role")).extracting(ChartRbacTest::name)
                .containsExactly(NAMESPACE + "/modelport-operator-leader-election");
    }

    @Test
    void shouldGrantARolePerWatchedNamespaceAndNothingClusterWideButReviews() {
        RenderedChart chart = RenderedChart.withValues("namespaced");

        for (String namespace : new String[] {"team-a", "team-b"}) {
            assertThat(grants(chart.get("Role", "modelport-operator", namespace))).isEqualTo(sorted(OPERATOR));
            assertThat(grants(chart.get("Role", "modelport-gateway", namespace))).isEqualTo(sorted(GATEWAY));
            assertBinds(chart.get("RoleBinding", "modelport-operator", namespace), "Role", "modelport-operator");
            assertBinds(chart.get("RoleBinding", "modelport-gateway", namespace), "Role", "modelport-gateway");
        }
        assertThat(chart.ofKind("Role")).hasSize(5);
        // Only the cluster-scoped review APIs stay cluster-wide: no namespaced resource in any ClusterRole.
        assertThat(chart.ofKind("ClusterRole")).extracting(ChartRbacTest::name)
                .containsExactly("modelport-gateway-reviews");
        assertThat(chart.ofKind("ClusterRoleBinding")).extracting(ChartRbacTest::name)
                .containsExactly("modelport-gateway-reviews");
    }

    @Test
    void shouldLetTheOperatorTakeOnlyItsOwnLeaseInTheReleaseNamespace() {
        RenderedChart chart = RenderedChart.defaults();
        JsonNode role = chart.get("Role", "modelport-operator-leader-election", NAMESPACE);

        assertThat(grants(role)).isEqualTo(sorted(Map.of(
                "coordination.k8s.io/leases", List.of("create", "get", "patch", "update"))));
        JsonNode named = iterable(role.path("rules")).stream().filter(rule -> rule.has("resourceNames"))
                .findFirst().orElseThrow();
        assertThat(strings(named.path("resourceNames"))).containsExactly("modelport-operator");
        assertThat(strings(named.path("verbs"))).containsExactlyInAnyOrder("get", "update", "patch");
        assertBinds(chart.get("RoleBinding", "modelport-operator-leader-election", NAMESPACE), "Role",
                "modelport-operator");
    }

    @Test
    void shouldGrantNoReviewsWhenGatewayAuthorizationIsOff() {
        RenderedChart chart = RenderedChart.withSet(Map.of("gateway.auth.mode", "none",
                "operator.leaderElection.enabled", false));

        assertThat(chart.ofKind("ClusterRole")).extracting(ChartRbacTest::name)
                .containsExactlyInAnyOrder("modelport-operator", "modelport-gateway");
        assertThat(chart.ofKind("Role")).isEmpty();
        assertThat(RenderedChart.env(chart.deployment("gateway"), "MODELPORT_GATEWAY_AUTH")).isEqualTo("none");
    }

    private static List<JsonNode> roles(RenderedChart chart) {
        return Stream.concat(chart.ofKind("Role").stream(), chart.ofKind("ClusterRole").stream())
                .toList();
    }

    /** "group/resource" to its sorted verbs, over all rules of a role. */
    private static TreeMap<String, List<String>> grants(JsonNode role) {
        TreeMap<String, List<String>> grants = new TreeMap<>();
        for (JsonNode rule : role.path("rules")) {
            for (String group : strings(rule.path("apiGroups"))) {
                for (String resource : strings(rule.path("resources"))) {
                    grants.merge(group + "/" + resource, strings(rule.path("verbs")), (a, b) ->
                            Stream.concat(a.stream(), b.stream()).toList());
                }
            }
        }
        grants.replaceAll((key, verbs) -> verbs.stream().sorted().toList());
        return grants;
    }

    private static TreeMap<String, List<String>> sorted(Map<String, List<String>> grants) {
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        grants.forEach((resource, verbs) -> sorted.put(resource, verbs.stream().sorted().toList()));
        return sorted;
    }

    private static void assertBinds(JsonNode binding, String roleKind, String account) {
        String bound = binding.at("/metadata/name").asText();
        assertThat(binding.at("/roleRef/kind").asText()).as(bound).isEqualTo(roleKind);
        assertThat(binding.at("/roleRef/name").asText()).as(bound).isEqualTo(bound);
        assertThat(binding.path("subjects").size()).as(bound).isEqualTo(1);
        assertThat(binding.at("/subjects/0/kind").asText()).as(bound).isEqualTo("ServiceAccount");
        assertThat(binding.at("/subjects/0/name").asText()).as(bound).isEqualTo(account);
        assertThat(binding.at("/subjects/0/namespace").asText()).as(bound).isEqualTo(NAMESPACE);
    }

    private static String name(JsonNode object) {
        String namespace = object.at("/metadata/namespace").asText("");
        return (namespace.isEmpty() ? "" : namespace + "/") + object.at("/metadata/name").asText();
    }

    private static List<JsonNode> iterable(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
