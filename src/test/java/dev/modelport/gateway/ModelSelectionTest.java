package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelSelectionTest {

    @Test
    void shouldReadTheModelFromAPerModelServiceHost() {
        ModelSelection expected = new ModelSelection("team-a", "support-llm");
        assertThat(ModelSelection.fromHost("support-llm-inference.team-a.svc")).contains(expected);
        assertThat(ModelSelection.fromHost("support-llm-inference.team-a.svc:8080")).contains(expected);
        assertThat(ModelSelection.fromHost("Support-LLM-inference.team-a.svc.cluster.local:8080")).contains(expected);
        assertThat(ModelSelection.fromHost("modelport-gateway.modelport.svc:8080")).isEmpty();
        assertThat(ModelSelection.fromHost("127.0.0.1:8080")).isEmpty();
        assertThat(ModelSelection.fromHost("support-inference.team-a.example.com")).isEmpty();
        assertThat(ModelSelection.fromHost(null)).isEmpty();
    }

    @Test
    void shouldReadNamespaceAndNameFromTheModelField() throws Exception {
        assertThat(ModelSelection.fromModelField("team-a/support")).isEqualTo(new ModelSelection("team-a",
                "support"));
        for (String bad : new String[] {"support", "/support", "team-a/", "a/b/c"}) {
            assertThatThrownBy(() -> ModelSelection.fromModelField(bad)).isInstanceOfSatisfying(
                    GatewayException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
        assertThatThrownBy(() -> ModelSelection.fromModelField(null)).isInstanceOf(GatewayException.class);
    }
}
