package dev.modelport.operator;

import dev.modelport.adapter.AdapterException;
import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.Conditions;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.connectivity.ConnectivityTester;
import dev.modelport.informers.WithoutManagedFieldsStore;
import dev.modelport.upstream.CredentialResolver;
import dev.modelport.upstream.CredentialSecrets;
import dev.modelport.upstream.Digests;
import dev.modelport.upstream.ResolvedEndpoint;
import dev.modelport.upstream.SecretSource;
import dev.modelport.validation.ManifestValidator;
import dev.modelport.validation.Violation;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reconciles an ExternalModel: validate the spec, resolve its credentials from Secrets in its namespace, run the
 * connectivity test when its inputs changed (off the reconcile thread), write status, and keep the inference
 * Service (a declared dependent) in step. Level-triggered and idempotent: a model whose state did not change
 * causes no API write and no Event. No finalizer: the Service goes with its model by its owner reference, and the
 * operator forgets a deleted model when it sees the deletion ({@link ModelDeletions}).
 */
@ControllerConfiguration(generationAwareEventProcessing = false, informer = @Informer(
        itemStore = WithoutManagedFieldsStore.class, informerListLimit = ExternalModelReconciler.LIST_PAGE))
@Workflow(explicitInvocation = true, dependents = @Dependent(type = InferenceServiceDependentResource.class,
        reconcilePrecondition = InferenceServicePrecondition.class))
public class ExternalModelReconciler implements Reconciler<ExternalModel> {

    /** Setting this annotation to a new value runs the connectivity test once more (the Test button). */
    public static final String RETEST_ANNOTATION = "modelport.dev/retest";
    /**
     * The informers list in pages of this many objects: an operator restarting over 10,000 models read them in one
     * answer (about 100 MB as JSON and objects at once) and ran out of a 256 MiB heap before it had started.
     */
    static final long LIST_PAGE = 500;
    private static final String SECRET_INDEX = "modelport.dev/secrets";
    private static final Duration MIN_WAKE = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(ExternalModelReconciler.class);

    private final OperatorSettings settings;
    private final ConnectivityTester tester;
    private final Clock clock;
    private final ManifestValidator validator = ManifestValidator.fromBuiltInCrd();
    private final ExternalModelStatusFactory statusFactory;
    private final TransitionEvents events;
    private final ConnectivityTestRunner runner;
    private final OperatorMetrics metrics;

    public ExternalModelReconciler(OperatorSettings settings, ConnectivityTester tester, Clock clock,
            OperatorMetrics metrics) {
        this.settings = settings;
        this.tester = tester;
        this.clock = clock;
        this.statusFactory = new ExternalModelStatusFactory(clock);
        this.events = new TransitionEvents(clock);
        this.runner = new ConnectivityTestRunner(settings.testThreads(), settings.testsPerHost(), metrics);
        this.metrics = metrics;
    }

    @Override
    public List<EventSource<?, ExternalModel>> prepareEventSources(EventSourceContext<ExternalModel> context) {
        context.getPrimaryCache().addIndexer(SECRET_INDEX, model -> CredentialResolver
                .referencedSecrets(model.getSpec()).stream()
                .map(name -> model.getMetadata().getNamespace() + "/" + name).toList());
        // Only Secrets labelled for Modelport are listed and cached: memory and watch traffic do not grow with
        // the cluster's other Secrets, and a Secret nobody gave to Modelport is never read.
        var secrets = InformerEventSourceConfiguration.from(Secret.class, ExternalModel.class)
                .withLabelSelector(CredentialSecrets.CONSENT_SELECTOR)
                .withItemStore(new WithoutManagedFieldsStore<>())
                .withInformerListLimit(LIST_PAGE)
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                        .byIndex(SECRET_INDEX, secret.getMetadata().getNamespace() + "/"
                                + secret.getMetadata().getName())
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((ExternalModel model) -> CredentialResolver
                        .referencedSecrets(model.getSpec()).stream()
                        .map(name -> new ResourceID(name, model.getMetadata().getNamespace()))
                        .collect(Collectors.toSet()))
                .build();
        return List.of(new InformerEventSource<>(secrets, context), runner.eventSource(),
                new ModelDeletions(context.getClient(), model -> {
                    forget(model);
                    LOG.infof("%s/%s: deleted", model.getMetadata().getNamespace(), model.getMetadata().getName());
                }));
    }

    @Override
    public UpdateControl<ExternalModel> reconcile(ExternalModel model, Context<ExternalModel> context) {
        ExternalModelStatus previous = model.getStatus();
        Plan plan = plan(model, context);
        boolean serve = plan.observation().serves(model);
        new InferenceServicePlan(serve, settings.gatewayHost()).handTo(context);
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow()
                .throwAggregateExceptionIfErrorsPresent();
        Observation observation = serve && context.getSecondaryResource(Service.class).isPresent()
                ? plan.observation().servedThrough(InferenceServiceDependentResource.of(model))
                : plan.observation();
        ExternalModelStatus status = statusFactory.build(model, observation);
        metrics.modelStatus(model.getMetadata().getNamespace(), model.getMetadata().getName(), status);
        if (deletedMeanwhile(model, context)) {
            return UpdateControl.noUpdate();
        }
        List<TransitionEvents.Transition> transitions = TransitionEvents.between(previous, status);
        events.record(context.getClient(), model, transitions);
        UpdateControl<ExternalModel> control;
        if (status.equals(ownPart(previous))) {
            control = UpdateControl.noUpdate();
        } else {
            LOG.infof("%s/%s: %s (%s)", model.getMetadata().getNamespace(), model.getMetadata().getName(),
                    status.phase, summary(status));
            model.setStatus(status);
            control = UpdateControl.patchStatus(model);
        }
        Duration wakeIn = earlier(plan.wakeIn(), OpenCircuits.nextExpiry(previous, model.getSpec(), clock.instant())
                .map(expiry -> Duration.between(clock.instant(), expiry)).orElse(null));
        return wakeIn == null ? control : control.rescheduleAfter(wakeIn.compareTo(MIN_WAKE) < 0 ? MIN_WAKE : wakeIn);
    }

    private record Plan(Observation observation, Duration wakeIn) {
    }

    /**
     * The status as the operator writes it: without status.openCircuits, which the gateway replicas own. The
     * operator never sends that field (so server-side apply never takes it from them) and never compares it.
     */
    private static ExternalModelStatus ownPart(ExternalModelStatus status) {
        return status == null ? null : status.withoutOpenCircuits();
    }

    private static Duration earlier(Duration a, Duration b) {
        return a == null ? b : b == null || a.compareTo(b) <= 0 ? a : b;
    }

    private Plan plan(ExternalModel model, Context<ExternalModel> context) {
        long generation = Optional.ofNullable(model.getMetadata().getGeneration()).orElse(1L);
        List<Violation> violations = validator.validate(model);
        if (model.getSpec().unreadable != null) {
            LOG.warnf("%s/%s: skipped: %s", model.getMetadata().getNamespace(), model.getMetadata().getName(),
                    model.getSpec().unreadable);
        }
        if (!violations.isEmpty()) {
            return new Plan(Observation.invalid(generation, violations), null);
        }
        ResolvedEndpoint endpoint;
        try {
            endpoint = CredentialResolver.resolve(model.getSpec(), secrets(context));
        } catch (AdapterException e) {
            return new Plan(Observation.credentialsFailed(generation, e), null);
        }
        TestInputs inputs = new TestInputs(Digests.sha256Hex(generation + ":" + endpoint.credentialsHash()),
                model.getMetadata().getAnnotations() == null ? null
                        : model.getMetadata().getAnnotations().get(RETEST_ANNOTATION));
        TestSchedule schedule = TestSchedule.decide(model.getStatus(), inputs, model.getSpec().test.retestInterval,
                clock.instant());
        TestOutcome outcome = schedule.due()
                ? runner.resultOrStart(model.getMetadata().getUid(), schedule.testKey(), ResourceID.fromResource(model),
                        endpoint.host(), () -> tester.run(model.getMetadata().getNamespace(), model.getMetadata().getName(),
                                model.getSpec(), secrets(context))).map(TestOutcome::of).orElse(null)
                : TestOutcome.fromStatus(model.getStatus());
        Instant retryAt = outcome != null && !outcome.passed() && outcome.retryable()
                ? TestSchedule.retryAt(firstFailure(model.getStatus()), outcome.lastTest().time)
                : null;
        Duration wakeIn = schedule.due() && retryAt != null ? Duration.between(clock.instant(), retryAt)
                : schedule.wakeIn();
        return new Plan(Observation.checked(generation, inputs, outcome, retryAt), wakeIn);
    }

    /** When the model started failing its test: the previous failure's, or now for a first failure. */
    private Instant firstFailure(ExternalModelStatus status) {
        Condition tested = status == null ? null : Conditions.find(status.conditions, ConditionType.TESTED);
        return tested != null && tested.status == ConditionStatus.FALSE ? tested.lastTransitionTime : clock.instant();
    }

    /** The Secrets of the model's namespace it references, from the informer cache. */
    private static SecretSource secrets(Context<ExternalModel> context) {
        Map<String, Secret> byName = context.getSecondaryResources(Secret.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s, (a, b) -> a));
        return byName::get;
    }

    private static String summary(ExternalModelStatus status) {
        return status.conditions.stream().filter(c -> c.status != ConditionStatus.TRUE || c.type == ConditionType.READY)
                .map(c -> c.type.value() + "=" + c.status.value() + "/" + c.reason).collect(Collectors.joining(", "));
    }

    /**
     * A failed reconcile shows in the status: Ready Unknown while the operator retries, False once the retries are
     * spent, with reason ReconcileError and a message that names the error but never quotes a value. The stack
     * trace goes to the DEBUG log. An unchanged status is not written again.
     */
    @Override
    public ErrorStatusUpdateControl<ExternalModel> updateErrorStatus(ExternalModel model,
            Context<ExternalModel> context, Exception e) {
        boolean terminal = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false);
        String message = ReconcileErrors.describe(e);
        ExternalModelStatus status = statusFactory.reconcileFailed(model, message, terminal);
        metrics.modelStatus(model.getMetadata().getNamespace(), model.getMetadata().getName(), status);
        if (deletedMeanwhile(model, context)) {
            // Typically its status patch, answered 404: nothing to retry or to tell.
            LOG.debugf(e, "%s/%s: reconcile failed, the model deleted meanwhile", model.getMetadata().getNamespace(),
                    model.getMetadata().getName());
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        LOG.warnf("%s/%s: reconcile failed, %s: %s", model.getMetadata().getNamespace(), model.getMetadata().getName(),
                terminal ? "retries spent" : "will retry", message);
        LOG.debugf(e, "%s/%s: reconcile failure", model.getMetadata().getNamespace(), model.getMetadata().getName());
        if (status.equals(ownPart(model.getStatus()))) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        model.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(model);
    }

    /**
     * Whether the model was deleted while this reconcile ran; then there is nothing to write or tell, and it is
     * forgotten here: its deletion may have been seen (and the model forgotten) before the test run and the meter
     * were recorded for it. Called after recording them: the model leaves the cache before its deletion is told, so
     * a deletion told after this check finds them recorded and drops them itself. (A model of the same name created
     * since is another object: another uid.)
     */
    private boolean deletedMeanwhile(ExternalModel model, Context<ExternalModel> context) {
        String uid = model.getMetadata().getUid();
        boolean deleted = context.getPrimaryCache().get(ResourceID.fromResource(model))
                .filter(cached -> uid.equals(cached.getMetadata().getUid())).isEmpty();
        if (deleted) {
            forget(model);
        }
        return deleted;
    }

    /** The model is gone: its test run and its meter go (its Service goes by garbage collection). */
    private void forget(ExternalModel model) {
        runner.forget(model.getMetadata().getUid());
        metrics.forget(model.getMetadata().getNamespace(), model.getMetadata().getName());
    }
}
