package dev.modelport.local;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDRBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * The discovery documents kubectl reads before it does anything ({@code /version}, {@code /api}, {@code /api/v1},
 * {@code /apis} and the group versions), for the kinds the embedded API server stores and the CRD's group.
 */
final class Discovery {

    private static final String CUSTOM_VERSION = "v1alpha1";
    private static final String[] VERBS = {"create", "delete", "get", "list", "patch", "update", "watch"};
    /** The groups this server can store beyond the core group, with the version kubectl should use. */
    private static final Map<String, String> GROUPS = Map.of(
            "modelport.dev", CUSTOM_VERSION,
            "apiextensions.k8s.io", "v1",
            "coordination.k8s.io", "v1");

    private final String customGroupVersion;
    private final String customResources;

    Discovery(CustomResourceDefinition crd) {
        CustomResourceDefinitionNames names = crd.getSpec().getNames();
        customGroupVersion = "/apis/" + crd.getSpec().getGroup() + "/" + CUSTOM_VERSION;
        customResources = resources(crd.getSpec().getGroup() + "/" + CUSTOM_VERSION, List.of(
                new APIResourceBuilder().withName(names.getPlural()).withSingularName(names.getSingular())
                        .withKind(names.getKind()).withShortNames(names.getShortNames())
                        .withCategories(names.getCategories()).withNamespaced(true).withVerbs(VERBS).build(),
                new APIResourceBuilder().withName(names.getPlural() + "/status").withSingularName("")
                        .withKind(names.getKind()).withNamespaced(true).withVerbs("get", "patch", "update")
                        .build()));
    }

    /** The path of the custom resources' group version, e.g. /apis/modelport.dev/v1alpha1. */
    String customGroupVersion() {
        return customGroupVersion;
    }

    /** The document at a path, or null when the path is not one; host is the request's Host header, if any. */
    String document(String path, String host) {
        if (customGroupVersion.equals(path)) {
            return customResources;
        }
        return switch (path) {
            case "/version" -> """
                    {"major":"1","minor":"32","gitVersion":"v1.32.0-modelport-local","platform":"in-memory"}""";
            case "/api" -> Serialization.asJson(new APIVersionsBuilder().withVersions("v1")
                    .withServerAddressByClientCIDRs(new ServerAddressByClientCIDRBuilder()
                            .withClientCIDR("0.0.0.0/0").withServerAddress(host == null ? "127.0.0.1" : host).build())
                    .build());
            case "/apis" -> Serialization.asJson(new APIGroupListBuilder().withGroups(GROUPS.entrySet().stream()
                    .map(group -> new APIGroupBuilder().withName(group.getKey())
                            .withVersions(version(group.getKey(), group.getValue()))
                            .withPreferredVersion(version(group.getKey(), group.getValue())).build())
                    .toList()).build());
            case "/api/v1" -> resources("v1", List.of(
                    resource("namespaces", "Namespace", false, "ns"),
                    resource("secrets", "Secret", true),
                    resource("services", "Service", true, "svc"),
                    resource("configmaps", "ConfigMap", true, "cm"),
                    resource("events", "Event", true, "ev")));
            case "/apis/apiextensions.k8s.io/v1" -> resources("apiextensions.k8s.io/v1", List.of(
                    resource("customresourcedefinitions", "CustomResourceDefinition", false)));
            case "/apis/coordination.k8s.io/v1" -> resources("coordination.k8s.io/v1", List.of(
                    resource("leases", "Lease", true)));
            default -> null;
        };
    }

    private static GroupVersionForDiscovery version(String group, String version) {
        return new GroupVersionForDiscoveryBuilder().withGroupVersion(group + "/" + version)
                .withVersion(version).build();
    }

    private static String resources(String groupVersion, List<APIResource> resources) {
        return Serialization.asJson(new APIResourceListBuilder().withGroupVersion(groupVersion)
                .withResources(resources).build());
    }

    private static APIResource resource(String plural, String kind, boolean namespaced,
            String... shortNames) {
        return new APIResourceBuilder().withName(plural).withKind(kind).withNamespaced(namespaced)
                .withSingularName("").withShortNames(shortNames)
                .withVerbs(VERBS).build();
    }
}
