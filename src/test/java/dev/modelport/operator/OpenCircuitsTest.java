package dev.modelport.operator;

import static dev.modelport.api.v1alpha1.ConditionReasons.CIRCUIT_OPEN;
import static dev.modelport.api.v1alpha1.ConditionType.DEGRADED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.Conditions;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.OpenCircuit;
import dev.modelport.testing.ModelYaml;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Degraded condition from the gateway replicas' status.openCircuits entries, and its Events. */
class OpenCircuitsTest {

    static final Instant OPENED = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant RETRY_AT = OPENED.plusSeconds(30);

    static ExternalModel model(String timeout, OpenCircuit... open) {
        ExternalModel model = ModelYaml.custom("support").namespace("team-a").generation(1).authorization(null)
                .inference("{enabled: true" + (timeout == null ? "" : ", timeout: " + timeout) + "}").model();
        model.setStatus(new ExternalModelStatus());
        model.getStatus().openCircuits = open.length == 0 ? null : new ArrayList<>(List.of(open));
        return model;
    }

    static OpenCircuit open(String replica) {
        OpenCircuit circuit = new OpenCircuit();
        circuit.replica = replica;
        circuit.since = OPENED;
        circuit.retryAt = RETRY_AT;
        circuit.reason = "HTTPStatus";
        circuit.message = "endpoint answered HTTP 503";
        return circuit;
    }

    static ExternalModelStatus build(ExternalModel model, Instant now) {
        return new ExternalModelStatusFactory(Clock.fixed(now, ZoneOffset.UTC)).build(model,
                Observation.checked(1, new TestInputs("h", null), null, null));
    }

    static Condition degraded(ExternalModelStatus status) {
        return Conditions.find(status.conditions, DEGRADED);
    }

    @Test
    void shouldBeDegradedWhileAReplicaReportsAnOpenCircuit() {
        ExternalModelStatus status = build(model(null, open("gateway-b"), open("gateway-a")), OPENED.plusSeconds(1));

        assertThat(degraded(status).status).isEqualTo(ConditionStatus.TRUE);
        assertThat(degraded(status).reason).isEqualTo(CIRCUIT_OPEN);
        assertThat(degraded(status).message).isEqualTo("the circuit breaker is open on 2 gateway replicas, which "
                + "answer 503 without calling the endpoint: gateway-a (trial at " + RETRY_AT + "), gateway-b (trial "
                + "at " + RETRY_AT + "); it opened on HTTPStatus: endpoint answered HTTP 503");
        assertThat(status.openCircuits).as("the gateways' entries are never the operator's to write").isNull();
        assertThat(degraded(build(model(null), OPENED))).as("present only while True").isNull();
    }

    /**
     * A live replica removes its entry or writes it again once its trial call has decided; an entry left by a
     * replica that stopped, or of a model nobody called since, stops counting after the trial's time.
     */
    @Test
    void shouldStopCountingAnEntryOnceItsTrialCallWouldHaveDecided() {
        ExternalModel model = model(null, open("gateway-a"));
        Instant expiry = RETRY_AT.plus(OpenCircuits.DEFAULT_TRIAL);
        assertThat(OpenCircuits.nextExpiry(model.getStatus(), model.getSpec(), OPENED)).contains(expiry);
        assertThat(degraded(build(model, expiry.minusSeconds(1)))).isNotNull();
        assertThat(degraded(build(model, expiry))).isNull();
        assertThat(OpenCircuits.nextExpiry(model.getStatus(), model.getSpec(), expiry)).isEmpty();

        ExternalModel quick = model("5s", open("gateway-a"));
        assertThat(OpenCircuits.nextExpiry(quick.getStatus(), quick.getSpec(), OPENED))
                .contains(RETRY_AT.plus(Duration.ofSeconds(5)));
    }

    @Test
    void shouldRecordOneEventWhenTheCircuitOpensAndOneWhenNoReplicaReportsItAnyMore() {
        ExternalModelStatus before = build(model(null), OPENED);
        ExternalModelStatus open = build(model(null, open("gateway-a")), OPENED);

        assertThat(TransitionEvents.between(before, open)).extracting(TransitionEvents.Transition::reason)
                .containsExactly(CIRCUIT_OPEN);
        assertThat(TransitionEvents.between(open, open)).isEmpty();
        assertThat(TransitionEvents.between(open, before)).extracting(TransitionEvents.Transition::reason)
                .containsExactly("CircuitClosed");
    }
}
