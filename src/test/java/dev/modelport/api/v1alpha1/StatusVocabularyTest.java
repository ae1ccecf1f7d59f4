package dev.modelport.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.adapter.FailureCategory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The strings of the status that tools, dashboards and kubectl users match on. They are public API: renaming a Java
 * constant must not change one, and changing one must be a decision, made here.
 */
class StatusVocabularyTest {

    @Test
    void shouldSpellTheConditionTypesAsTheApiDoes() {
        assertThat(Arrays.stream(ConditionType.values()).map(ConditionType::value)).containsExactly("Accepted",
                "CredentialsResolved", "Tested", "InferenceEnabled", "Ready", "Reconciling", "Stalled", "Degraded");
    }

    @Test
    void shouldSpellTheConditionStatusesAsMetav1ConditionDoes() {
        assertThat(Arrays.stream(ConditionStatus.values()).map(ConditionStatus::value))
                .containsExactly("True", "False", "Unknown");
    }

    @Test
    void shouldKeepEveryDocumentedReason() throws IllegalAccessException {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Field field : ConditionReasons.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                reasons.put(field.getName(), (String) field.get(null));
            }
        }
        assertThat(reasons.values()).containsExactlyInAnyOrder("Valid", "InvalidSpec", "Resolved",
                "CredentialsMissing", "CredentialsRefused", "NotChecked", "TestPassed", "TestRunning", "RetryScheduled",
                "Draft", "Disabled", "ServiceReady", "PreviousGenerationServed", "ServicePending", "TestFailed",
                "Ready", "CircuitOpen", "Pending", "ReconcileError");
    }

    /** The reason of a failed test's condition and Event, an open circuit's reason, a gateway error's code. */
    @Test
    void shouldNameEveryFailureCategoryExplicitly() {
        Map<FailureCategory, String> reasons = Arrays.stream(FailureCategory.values())
                .collect(Collectors.toMap(c -> c, FailureCategory::reason, (a, b) -> a, LinkedHashMap::new));
        assertThat(reasons.values()).containsExactly("InvalidInput", "FeatureNotSupported", "CredentialsMissing",
                "CredentialsRefused", "EndpointNotAllowed", "Timeout", "ConnectionRefused", "ConnectionFailed", "TLS",
                "HTTPStatus", "ResponseTooLarge", "InvalidJson", "PathNotFound", "UpstreamError");
        assertThat(FailureCategory.CredentialsMissing.reason()).isEqualTo(ConditionReasons.CREDENTIALS_MISSING);
        assertThat(FailureCategory.CredentialsRefused.reason()).isEqualTo(ConditionReasons.CREDENTIALS_REFUSED);
    }

    @Test
    void shouldWriteAndReadAConditionAsTheKubernetesConventionsSpellIt() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Condition condition = new Condition();
        condition.type = ConditionType.CREDENTIALS_RESOLVED;
        condition.status = ConditionStatus.UNKNOWN;
        condition.lastTransitionTime = Instant.parse("2026-12-06T10:00:00Z");
        condition.reason = ConditionReasons.NOT_CHECKED;

        String written = json.writeValueAsString(condition);

        assertThat(written).isEqualTo("{\"type\":\"CredentialsResolved\",\"status\":\"Unknown\","
                + "\"lastTransitionTime\":\"2026-12-06T10:00:00Z\",\"reason\":\"NotChecked\"}");
        assertThat(json.readValue(written, Condition.class)).isEqualTo(condition);
    }

    /** A condition type a newer operator writes is left aside, not a reason to drop the whole status. */
    @Test
    void shouldReadAConditionTypeThisVersionDoesNotKnowAsNone() throws Exception {
        Condition condition = new ObjectMapper().readValue("{\"type\":\"Quantized\",\"status\":\"True\"}",
                Condition.class);

        assertThat(condition.type).isNull();
        assertThat(condition.status).isEqualTo(ConditionStatus.TRUE);
    }

    /** The Kubernetes client's own mapper, which writes the status patches, writes the times as RFC 3339 too. */
    @Test
    void shouldRoundTripTheTimesThroughTheKubernetesClient() {
        KubernetesSerialization client = new KubernetesSerialization();
        String status = "{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\","
                + "\"lastTransitionTime\":\"2026-12-06T10:00:00Z\"}],\"lastTest\":{\"time\":\"2026-12-06T10:00:01Z\"},"
                + "\"openCircuits\":[{\"replica\":\"gateway-a\",\"since\":\"2026-12-06T10:00:02Z\","
                + "\"retryAt\":\"2026-12-06T10:00:32Z\"}]}";
        ExternalModel model = client.unmarshal("{\"apiVersion\":\"modelport.dev/v1alpha1\",\"kind\":\"ExternalModel\","
                + "\"metadata\":{\"name\":\"m\"},\"status\":" + status + "}", ExternalModel.class);

        assertThat(model.getStatus().lastTest.time).isEqualTo(Instant.parse("2026-12-06T10:00:01Z"));
        assertThat(model.getStatus().openCircuits.getFirst().retryAt).isEqualTo(Instant.parse("2026-12-06T10:00:32Z"));
        assertThat(client.asJson(model.getStatus())).isEqualTo(status);
        assertThat(client.clone(model).getStatus()).isEqualTo(model.getStatus());
    }
}
