package dev.modelport.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * An ExternalModel this version cannot fully read (an enum value, a field or a type of a newer CRD) is read with its
 * spec marked unreadable, naming the field, instead of failing: the fabric8 informers of the operator and the
 * gateway would otherwise stop their watch for good over one object.
 */
class TolerantReaderTest {

    private static final KubernetesSerialization INFORMERS = new KubernetesSerialization();

    private static String model(String spec, String status) {
        return """
                {"apiVersion": "modelport.dev/v1alpha1", "kind": "ExternalModel",
                 "metadata": {"name": "m", "namespace": "n"},
                 "spec": {"endpoint": "https://llm.example.com/v1", "test": {"prompt": "ping"},
                          "configuration": {"provider": {"api": "OpenAIChatCompletions", "model": "x",
                                            "features": {"streaming": true}}}%s},
                 "status": %s}""".formatted(spec, status);
    }

    @Test
    void shouldReadAModelThisVersionKnowsAsBefore() {
        ExternalModel model = INFORMERS.unmarshal(model("", "{\"phase\": \"Ready\"}"), ExternalModel.class);

        assertThat(model.getSpec().unreadable).isNull();
        assertThat(model.getSpec().configuration.provider.api).isEqualTo(ProviderApi.OpenAIChatCompletions);
        assertThat(model.getStatus().phase).isEqualTo(Phase.Ready);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'\"api\": \"OpenAIChatCompletions\"'|'\"api\": \"OpenAIResponses\"'|spec.configuration.provider.api",
        "'\"test\": {\"prompt\": \"ping\"}'|'\"test\": {\"prompt\": \"ping\", \"seed\": 4}'|spec.test.seed",
        "'\"test\": {\"prompt\": \"ping\"}'|'\"test\": {\"prompt\": \"ping\"}, \"draft\": {\"yes\": 1}'|spec.draft"})
    void shouldMarkASpecItCannotReadNamingTheField(String known, String unknown, String field) {
        ExternalModel model = INFORMERS.unmarshal(model("", "{}").replace(known, unknown), ExternalModel.class);

        assertThat(model.getMetadata().getName()).isEqualTo("m");
        assertThat(model.getSpec().unreadable).isEqualTo(field + ": cannot be read by this version of Modelport (a "
                + "field or value it does not know, or a value of another type)");
        assertThat(INFORMERS.clone(model).getSpec().unreadable).as("a copy by serialization, as the operator SDK "
                + "makes").isEqualTo(model.getSpec().unreadable);
    }

    @Test
    void shouldDropAStatusItCannotRead() {
        ExternalModel model = INFORMERS.unmarshal(model("", "{\"phase\": \"Degraded\"}"), ExternalModel.class);

        assertThat(model.getStatus()).isNull();
        assertThat(model.getSpec().unreadable).isNull();
    }
}
