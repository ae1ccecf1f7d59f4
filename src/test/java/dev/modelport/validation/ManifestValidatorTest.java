package dev.modelport.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.CustomVariable;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.Header;
import dev.modelport.api.v1alpha1.VariableType;
import dev.modelport.api.v1alpha1.Variables;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The validation the operator runs on a model read from the API server, admission or not. */
class ManifestValidatorTest {

    private static final ManifestValidator VALIDATOR = ManifestValidator.fromBuiltInCrd();

    @Test
    void shouldRefuseAModelBeyondTheSchemasBoundsThatReachedTheOperatorWithoutAdmission() {
        ExternalModel model = model("oversized", "https://llm.example.com/v1/generate");
        model.getSpec().displayName = "x".repeat(300_000);
        model.getSpec().headers = new ArrayList<>(IntStream.range(0, 200).mapToObj(i -> {
            Header header = new Header();
            header.name = "X-H" + i;
            header.value = "v";
            return header;
        }).toList());
        model.getSpec().configuration.custom.variables = new Variables();
        model.getSpec().configuration.custom.variables.custom = new ArrayList<>(IntStream.range(0, 1000).mapToObj(i -> {
            CustomVariable variable = new CustomVariable();
            variable.name = "v" + i;
            variable.type = VariableType.String;
            return variable;
        }).toList());

        assertThat(VALIDATOR.validate(model)).extracting(Violation::toString).contains(
                "spec.displayName: Too long: may not be more than 253 bytes",
                "spec.headers: Too many: 200: must have at most 64 items",
                "spec.configuration.custom.variables.custom: Too many: 1000: must have at most 32 items");
    }

    /** RFC 3986: schemes are case-insensitive; the clients read HTTPS://HOST as https://host. */
    @Test
    void shouldAcceptTheSchemeInAnyCase() {
        ExternalModel model = model("shouting", "HTTPS://LLM.EXAMPLE.COM:65535/v1/generate");
        assertThat(VALIDATOR.validate(model)).isEmpty();
    }

    @Test
    void shouldFindNothingInAValidModel() {
        ExternalModel model = model("fine", "https://llm.example.com/v1/generate");
        assertThat(VALIDATOR.validate(model)).isEmpty();
    }

    private static ExternalModel model(String name, String endpoint) {
        return Serialization.unmarshal("""
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata: {name: %s, namespace: team-a}
                spec:
                  endpoint: %s
                  configuration:
                    custom:
                      body: '{"input": "{{prompt}}"}'
                  test: {prompt: ping}
                """.formatted(name, endpoint), ExternalModel.class);
    }
}
