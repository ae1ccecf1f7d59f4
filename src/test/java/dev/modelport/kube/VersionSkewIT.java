package dev.modelport.kube;

import static dev.modelport.testing.ModelAssert.assertThatModel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.testing.Eventually;
import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.ModelAssert;
import dev.modelport.testing.ModelYaml;
import dev.modelport.testing.RoleProcess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Version skew between the CRD and the code, as after installing a newer CRD beside this operator and gateway: one
 * ExternalModel they cannot read (a provider API they do not know) is skipped and reported, and every other model
 * keeps working, in both roles. Before, the informers of both stopped their watch for good over it.
 */
class VersionSkewIT {

    static final String NAMESPACE = "skew-team";
    static FakeUpstream upstream;
    static ChartInstall install;
    static RoleProcess operator;
    static ChartInstall.Running gateway;
    static ClusterModels models;

    @BeforeAll
    static void installANewerCrd() throws IOException {
        TestCluster cluster = TestCluster.get();
        JsonNode crd = cluster.admin().getKubernetesSerialization().unmarshal(Files.readString(TestCluster.CRD),
                JsonNode.class);
        ((ArrayNode) crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/configuration"
                + "/properties/provider/properties/api/enum")).add("OpenAIResponses");
        cluster.installCrd(cluster.admin().getKubernetesSerialization().convertValue(crd,
                CustomResourceDefinition.class));
        upstream = new FakeUpstream();
        install = ChartInstall.forTests("skew", Map.of("gateway.auth.mode", "none"));
        operator = install.startReady("operator", "operator-0", Map.of()).process();
        gateway = install.startReady("gateway", "gateway-0", Map.of());
        models = ClusterModels.in(NAMESPACE);
        models.secret("creds", "skew-upstream-token");
    }

    @AfterAll
    static void restoreTheCrd() throws Exception {
        try {
            TestCluster.get().deleteNamespacesThenClose(List.of(install, upstream), NAMESPACE);
        } finally {
            TestCluster.get().installCrd();
        }
    }

    @Test
    void shouldSkipAndReportTheModelItCannotReadAndKeepServingTheOthers() throws Exception {
        models.apply(ClusterModels.customModel("before", upstream.url("/custom"), "Reply with pong.", true));
        models.awaitPhase("before", Phase.InferenceEnabled);
        assertThat(call("before")).isEqualTo(200);

        models.client().resource(models.client().getKubernetesSerialization().unmarshal(
                ModelYaml.provider("newer", "OpenAIResponses").namespace(NAMESPACE).endpoint(upstream.url("/openai"))
                        .streaming(true).inference(true).yaml(), GenericKubernetesResource.class)).create();
        ExternalModel reported = models.awaitStatus("newer", "reported as unreadable",
                m -> "InvalidSpec".equals(ModelAssert.condition(m, "Accepted").reason));
        assertThat(ModelAssert.condition(reported, "Accepted").message).isEqualTo("spec.configuration.provider.api: "
                + "cannot be read by this version of Modelport (a field or value it does not know, or a value of "
                + "another type)");
        assertThatModel(reported).hasPhase(Phase.Failed).hasCondition("Accepted", "False", "InvalidSpec");
        assertThat(models.eventReasons()).contains("InvalidSpec");

        // Both watches go on: a model created after it is tested and served, an edit to another is served.
        models.apply(ClusterModels.customModel("after", upstream.url("/custom"), "Reply with pong.", true));
        models.awaitPhase("after", Phase.InferenceEnabled);
        Eventually.eventually("the gateway to serve the model created after", ClusterModels.WAIT,
                List.of(operator, gateway.process()), () -> call("after") == 200 ? true : null);
        models.apply(ClusterModels.customModel("before", upstream.url("/custom"), "Reply with pong.", false));
        Eventually.eventually("the gateway to stop serving the model switched off", ClusterModels.WAIT,
                List.of(operator, gateway.process()), () -> call("before") == 404 ? true : null);
        assertThat(call("newer")).as("the unreadable model is not served").isEqualTo(404);
        assertThat(operator.output()).contains("skew-team/newer: skipped: spec.configuration.provider.api");
        assertThat(gateway.process().output()).contains("model skew-team/newer is skipped: "
                + "spec.configuration.provider.api");
        assertThat(operator.output() + gateway.process().output()).doesNotContain("will stop");
    }

    static int call(String model) {
        return GatewayCallerAuthorizationIT.call(gateway.port(), NAMESPACE, model, null);
    }
}
