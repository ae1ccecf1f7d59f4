package dev.modelport.operator;

import static dev.modelport.api.v1alpha1.ConditionStatus.FALSE;
import static dev.modelport.api.v1alpha1.ConditionStatus.TRUE;
import static dev.modelport.api.v1alpha1.ConditionType.ACCEPTED;
import static dev.modelport.api.v1alpha1.ConditionType.CREDENTIALS_RESOLVED;
import static dev.modelport.api.v1alpha1.ConditionType.DEGRADED;
import static dev.modelport.api.v1alpha1.ConditionType.INFERENCE_ENABLED;
import static dev.modelport.api.v1alpha1.ConditionType.TESTED;

import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionReasons;
import dev.modelport.api.v1alpha1.Conditions;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One Kubernetes Event per state transition of a model (never per reconcile): Tested, TestFailed, InvalidSpec,
 * CredentialsMissing or CredentialsRefused, InferenceEnabled, InferenceDisabled, CircuitOpen, CircuitClosed.
 * Messages come from conditions, which never hold a secret or an upstream body.
 */
final class TransitionEvents {

    /** An Event to record: type Normal or Warning, a CamelCase reason, a message. */
    record Transition(String type, String reason, String message) {
    }

    private static final Logger LOG = Logger.getLogger(TransitionEvents.class);

    private final Clock clock;
    private final AtomicLong lastNanos = new AtomicLong();

    TransitionEvents(Clock clock) {
        this.clock = clock;
    }

    static List<Transition> between(ExternalModelStatus before, ExternalModelStatus after) {
        List<Condition> old = before == null ? List.of() : before.conditions;
        List<Transition> transitions = new ArrayList<>();
        Condition accepted = Conditions.find(after.conditions, ACCEPTED);
        if (becameFalse(old, accepted)) {
            transitions.add(new Transition("Warning", ConditionReasons.INVALID_SPEC, accepted.message));
        }
        Condition credentials = Conditions.find(after.conditions, CREDENTIALS_RESOLVED);
        Condition credentialsBefore = Conditions.find(old, CREDENTIALS_RESOLVED);
        // A Secret labelled at last may still hold a bad value: the new reason deserves its own Event.
        if (becameFalse(old, credentials) || Conditions.has(after.conditions, CREDENTIALS_RESOLVED, FALSE)
                && credentialsBefore != null
                && !Objects.equals(credentials.reason, credentialsBefore.reason)) {
            transitions.add(new Transition("Warning", credentials.reason, credentials.message));
        }
        Condition tested = Conditions.find(after.conditions, TESTED);
        Condition testedBefore = Conditions.find(old, TESTED);
        if (Conditions.has(after.conditions, TESTED, TRUE) && !Conditions.has(old, TESTED, TRUE)) {
            transitions.add(new Transition("Normal", "Tested", tested.message));
        } else if (Conditions.has(after.conditions, TESTED, FALSE) && (!Conditions.has(old, TESTED, FALSE)
                || !Objects.equals(tested.reason, testedBefore.reason))) {
            transitions.add(new Transition("Warning", "TestFailed", tested.reason + ": " + tested.message));
        }
        boolean servedBefore = Conditions.has(old, INFERENCE_ENABLED, TRUE);
        boolean served = Conditions.has(after.conditions, INFERENCE_ENABLED, TRUE);
        if (served && !servedBefore) {
            transitions.add(new Transition("Normal", "InferenceEnabled",
                    Conditions.find(after.conditions, INFERENCE_ENABLED).message));
        } else if (!served && servedBefore) {
            transitions.add(new Transition("Normal", "InferenceDisabled",
                    Conditions.find(after.conditions, INFERENCE_ENABLED).message));
        }
        boolean degradedBefore = Conditions.has(old, DEGRADED, TRUE);
        boolean degraded = Conditions.has(after.conditions, DEGRADED, TRUE);
        if (degraded && !degradedBefore) {
            transitions.add(new Transition("Warning", ConditionReasons.CIRCUIT_OPEN,
                    Conditions.find(after.conditions, DEGRADED).message));
        } else if (!degraded && degradedBefore) {
            transitions.add(new Transition("Normal", "CircuitClosed",
                    "no gateway replica reports an open circuit any more"));
        }
        return transitions;
    }

    private static boolean becameFalse(List<Condition> old, Condition now) {
        return now != null && now.status == FALSE && !Conditions.has(old, now.type, FALSE);
    }

    /**
     * Creates the Events, named as client-go's recorder names them: the model's name and the time in hex nanoseconds.
     * kubectl describe sorts Events by their second-precision lastTimestamp and leaves those of one second in the
     * order the API server lists them, by name; with random names the Events of one reconcile came out in a random
     * order, with these in the order they happened.
     */
    void record(KubernetesClient client, ExternalModel model, List<Transition> transitions) {
        for (Transition transition : transitions) {
            Instant at = clock.instant();
            String now = at.truncatedTo(ChronoUnit.SECONDS).toString();
            long clockNanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
            // Never the same name twice, even from a clock that stands still.
            long nanos = lastNanos.accumulateAndGet(clockNanos, (last, next) -> Math.max(last + 1, next));
            try {
                client.v1().events().inNamespace(model.getMetadata().getNamespace()).resource(new EventBuilder()
                        .withNewMetadata()
                        .withName(model.getMetadata().getName() + "." + Long.toHexString(nanos))
                        .withNamespace(model.getMetadata().getNamespace())
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withApiVersion(model.getApiVersion())
                        .withKind(model.getKind())
                        .withName(model.getMetadata().getName())
                        .withNamespace(model.getMetadata().getNamespace())
                        .withUid(model.getMetadata().getUid())
                        .endInvolvedObject()
                        .withType(transition.type())
                        .withReason(transition.reason())
                        .withMessage(transition.message())
                        .withFirstTimestamp(now)
                        .withLastTimestamp(now)
                        .withCount(1)
                        .withNewSource().withComponent("modelport-operator").endSource()
                        .withReportingComponent("modelport-operator")
                        .build()).create();
            } catch (KubernetesClientException e) {
                // Events are informative; a model's status says the same, so a refused Event is not a failure.
                LOG.warnf("could not record event %s for %s/%s: HTTP %d", transition.reason(),
                        model.getMetadata().getNamespace(), model.getMetadata().getName(), e.getCode());
            }
        }
    }
}
