package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionReasons;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.Conditions;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.api.v1alpha1.OpenCircuit;
import dev.modelport.api.v1alpha1.Phase;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reconciler as the Java Operator SDK calls it, with a mocked Context: a failed reconcile shows in status. */
class ExternalModelReconcilerTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final String CANARY = "sk-canary-7d1f0c";
    private static final KubernetesClientException FORBIDDEN = new KubernetesClientException(new StatusBuilder()
            .withCode(403).withReason("Forbidden").withMessage("services \"support-inference\" is forbidden: User "
                    + "\"system:serviceaccount:modelport:modelport-operator\" cannot create resource \"services\"")
            .build());

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExternalModelReconciler reconciler = new ExternalModelReconciler(
            new Settings("modelport-gateway.modelport.svc", 1, 1, null, null), null, Clock.fixed(T1, ZoneOffset.UTC),
            new OperatorMetrics(registry));

    /** The operator settings the reconciler reads when it is built. */
    record Settings(String gatewayHost, int testThreads, int testsPerHost, OperatorSettings.Upstream upstream,
            OperatorSettings.LeaderElection leaderElection) implements OperatorSettings {
    }

    @Test
    void shouldReportAFailedReconcileAsReadyUnknownWhileRetryingAndKeepTheRest() {
        ExternalModel model = served();
        ExternalModelStatus before = model.getStatus().withoutOpenCircuits();

        ExternalModelStatus status = patched(reconciler.updateErrorStatus(model, context(false), FORBIDDEN));

        assertThat(condition(status, ConditionType.READY)).extracting(c -> c.status, c -> c.reason, c -> c.message)
                .containsExactly(ConditionStatus.UNKNOWN, ConditionReasons.RECONCILE_ERROR, "the Kubernetes API "
                        + "refused a request: HTTP 403 Forbidden: services \"support-inference\" is forbidden: User "
                        + "\"system:serviceaccount:modelport:modelport-operator\" cannot create resource \"services\"");
        assertThat(condition(status, ConditionType.READY).lastTransitionTime).isEqualTo(T1);
        assertThat(condition(status, ConditionType.RECONCILING)).extracting(c -> c.status, c -> c.reason)
                .containsExactly(ConditionStatus.TRUE, ConditionReasons.RECONCILE_ERROR);
        assertThat(condition(status, ConditionType.STALLED)).isNull();
        assertThat(status.phase).isEqualTo(Phase.InferenceEnabled);
        assertThat(status.inference).isEqualTo(before.inference);
        assertThat(condition(status, ConditionType.INFERENCE_ENABLED))
                .isEqualTo(condition(before, ConditionType.INFERENCE_ENABLED));
        assertThat(status.openCircuits).as("the gateways' entries are never the operator's to write").isNull();
    }

    @Test
    void shouldFailAndStallOnceTheRetriesAreSpent() {
        ExternalModelStatus status = patched(reconciler.updateErrorStatus(served(), context(true), FORBIDDEN));

        assertThat(status.phase).isEqualTo(Phase.Failed);
        assertThat(condition(status, ConditionType.READY)).extracting(c -> c.status, c -> c.reason)
                .containsExactly(ConditionStatus.FALSE, ConditionReasons.RECONCILE_ERROR);
        assertThat(condition(status, ConditionType.STALLED)).extracting(c -> c.status, c -> c.reason)
                .containsExactly(ConditionStatus.TRUE, ConditionReasons.RECONCILE_ERROR);
        assertThat(condition(status, ConditionType.RECONCILING)).isNull();
    }

    /** A failed reconcile's status feeds the operator's gauges as any other reconcile's does. */
    @Test
    void shouldShowThePhaseAFailedReconcileDecidedInTheMetrics() {
        reconciler.updateErrorStatus(served(), context(false), FORBIDDEN);
        assertThat(models(Phase.InferenceEnabled)).as("still served while retrying").isEqualTo(1);

        reconciler.updateErrorStatus(served(), context(true), FORBIDDEN);

        assertThat(models(Phase.InferenceEnabled)).isZero();
        assertThat(models(Phase.Failed)).isEqualTo(1);
        assertThat(registry.get(OperatorMetrics.TEST_PASSED).tags("namespace", "team-a", "model", "support").gauge()
                .value()).as("its test passed; a reconcile failed after it").isEqualTo(1);
    }

    /**
     * A model deleted while its reconcile failed (its deletion seen first): no status patch to retry, and its meters
     * do not come back.
     */
    @Test
    void shouldLeaveNoMeterAndWriteNoStatusForAModelDeletedDuringItsReconcile() {
        ErrorStatusUpdateControl<ExternalModel> control = reconciler.updateErrorStatus(served(), context(false, false),
                FORBIDDEN);

        assertThat(control.getResource()).as("no status patch").isEmpty();
        assertThat(models(Phase.InferenceEnabled)).isZero();
        assertThat(registry.find(OperatorMetrics.TEST_PASSED).tags("namespace", "team-a", "model", "support").gauge())
                .as("the deleted model's series").isNull();
    }

    private double models(Phase phase) {
        return registry.get(OperatorMetrics.MODELS).tag("phase", phase.name()).gauge().value();
    }

    /** Only the Kubernetes API's refusals are quoted: any other exception's message may hold anything. */
    @Test
    void shouldNameTheErrorButNeverQuoteAnExceptionsOwnMessage() {
        Exception bug = new IllegalStateException("Authorization: Bearer " + CANARY,
                new IOException("upstream said: {\"key\": \"" + CANARY + "\"}"));
        AggregatedOperatorException failed = new AggregatedOperatorException("Exception(s) during workflow execution.",
                Map.of("inferenceservicedependentresource", bug));

        ExternalModelStatus status = patched(reconciler.updateErrorStatus(served(), context(false), failed));

        assertThat(condition(status, ConditionType.READY).message).isEqualTo("inferenceservicedependentresource: "
                + "IllegalStateException caused by IOException (details in the operator's log at DEBUG)");
        assertThat(Serialization.asYaml(status)).doesNotContain(CANARY);
    }

    @Test
    void shouldNotWriteTheSameErrorAgain() {
        ExternalModel model = served();
        List<OpenCircuit> theirs = model.getStatus().openCircuits;
        ExternalModelStatus written = patched(reconciler.updateErrorStatus(model, context(false), FORBIDDEN));
        written.openCircuits = theirs;
        model.setStatus(written);

        ErrorStatusUpdateControl<ExternalModel> again = reconciler.updateErrorStatus(model, context(false), FORBIDDEN);

        assertThat(again.getResource()).as("no status patch").isEmpty();
    }

    /** A model served at T0, as the status factory leaves it, with a gateway replica's open circuit. */
    private static ExternalModel served() {
        ExternalModel model = Serialization.unmarshal("""
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata: {name: support, namespace: team-a, generation: 1, uid: u-1}
                spec:
                  endpoint: https://llm.example.com/v1
                  configuration: {custom: {body: '{"input": "{{prompt}}"}'}}
                  test: {prompt: ping}
                  inference: {enabled: true}
                """, ExternalModel.class);
        LastTest lastTest = new LastTest();
        lastTest.time = T0;
        lastTest.httpStatus = 200;
        Observation passed = Observation.checked(1, new TestInputs("h", null),
                new TestOutcome(true, ConditionReasons.TEST_PASSED, "HTTP 200 in 42 ms", false, lastTest, null), null)
                .servedThrough(InferenceServiceDependentResource.of(model));
        ExternalModelStatus status = new ExternalModelStatusFactory(Clock.fixed(T0, ZoneOffset.UTC))
                .build(model, passed);
        OpenCircuit open = new OpenCircuit();
        open.replica = "gateway-a";
        open.since = T0;
        open.retryAt = T0.plusSeconds(30);
        status.openCircuits = new ArrayList<>(List.of(open));
        model.setStatus(status);
        return model;
    }

    private static ExternalModelStatus patched(ErrorStatusUpdateControl<ExternalModel> control) {
        assertThat(control.getResource()).as("a status patch").isPresent();
        return control.getResource().orElseThrow().getStatus();
    }

    private static Condition condition(ExternalModelStatus status, ConditionType type) {
        return Conditions.find(status.conditions, type);
    }

    private static Context<ExternalModel> context(boolean lastAttempt) {
        return context(lastAttempt, true);
    }

    /**
     * The JOSDK Context of an error status update: it tells whether this was the last retry, and whether the model
     * is still in the primary cache ({@code cached}) or was deleted meanwhile.
     */
    @SuppressWarnings("unchecked")
    private static Context<ExternalModel> context(boolean lastAttempt, boolean cached) {
        ExternalModel model = served();
        IndexedResourceCache<ExternalModel> cache = (IndexedResourceCache<ExternalModel>) Proxy.newProxyInstance(
                IndexedResourceCache.class.getClassLoader(),
                new Class<?>[] {IndexedResourceCache.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "get" -> cached && ResourceID.fromResource(model).equals(args[0]) ? Optional.of(model)
                            : Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName() + " is not expected");
                });
        RetryInfo retry = new RetryInfo() {
            @Override
            public int getAttemptCount() {
                return 3;
            }

            @Override
            public boolean isLastAttempt() {
                return lastAttempt;
            }
        };
        return (Context<ExternalModel>) Proxy.newProxyInstance(Context.class.getClassLoader(),
                new Class<?>[] {Context.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRetryInfo" -> Optional.of(retry);
                    case "getPrimaryCache" -> cache;
                    case "toString" -> "Context(lastAttempt=" + lastAttempt + ")";
                    default -> throw new UnsupportedOperationException(method.getName() + " is not expected");
                });
    }
}
