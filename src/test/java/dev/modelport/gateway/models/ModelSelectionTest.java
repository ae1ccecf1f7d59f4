package dev.modelport.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelport.gateway.GatewayException;
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
        assertThat(ModelSelection.fromModelField(TextNode.valueOf("team-a/support"))).isEqualTo(
                new ModelSelection("team-a", "support"));
        assertThat(ModelSelection.fromModelField(TextNode.valueOf("team-a/support.v2"))).isEqualTo(
                new ModelSelection("team-a", "support.v2"));
        for (String bad : new String[] {"support", "/support", "team-a/", "a/b/c", "Team-A/support", "a_b/c",
                "team-a/-x", "a".repeat(64) + "/m", "team-a/" + "m".repeat(254), "team-a/sup\nport"}) {
            assertFails(() -> ModelSelection.fromModelField(TextNode.valueOf(bad)), 404, "model_not_found", "model ");
        }
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenTheModelIsMissingOrNotAString() {
        assertFails(() -> ModelSelection.fromModelField(null), 400, "InvalidInput", "model is required");
        assertFails(() -> ModelSelection.fromModelField(NullNode.instance), 400, "InvalidInput", "model is required");
        assertFails(() -> ModelSelection.fromModelField(IntNode.valueOf(5)), 400, "InvalidInput",
                "model must be a string");
    }

    @Test
    void shouldRepeatAnUnknownModelCutAndWithoutControlCharacters() {
        String hostile = "team-a/\r\n\u001b[31m" + "x".repeat(100_000);
        assertFails(() -> ModelSelection.fromModelField(TextNode.valueOf(hostile)), 404, "model_not_found",
                "model team-a/   [31m" + "x".repeat(85) + "… does not exist or is not served");
        assertFails(() -> ModelSelection.named("team-a", "line\nbreak"), 404, "model_not_found",
                "model team-a/line break does not exist");
        assertFails(() -> ModelSelection.named("x".repeat(100_000), "m"), 404, "model_not_found",
                "model " + "x".repeat(99) + "… does not exist");
    }

    interface Selection {
        ModelSelection run() throws GatewayException;
    }

    static void assertFails(Selection selection, int status, String code, String message) {
        assertThatThrownBy(selection::run).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message).hasSizeLessThan(200).doesNotContainPattern("\\p{Cc}");
        });
    }
}
