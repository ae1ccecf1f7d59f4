package dev.modelport.gateway.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.ModelStructures;
import dev.modelport.adapter.Structure;
import dev.modelport.api.v1alpha1.ConditionReasons;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.Conditions;
import dev.modelport.api.v1alpha1.DetectedPaths;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.InferenceStatus;
import dev.modelport.api.v1alpha1.Serving;
import dev.modelport.gateway.GatewaySettings;
import dev.modelport.gateway.resilience.ModelGuards;
import dev.modelport.gateway.telemetry.GatewayMetrics;
import dev.modelport.informers.WithoutManagedFieldsStore;
import dev.modelport.upstream.CredentialSecrets;
import dev.modelport.upstream.ResolvedOnce;
import dev.modelport.upstream.SecretSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * The models the gateway serves, read from informer caches of ExternalModels and of the Secrets labelled for
 * Modelport (watches, never polling), so a toggle, a draft, a deletion or a rotated Secret takes effect as soon as
 * the watch delivers it.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    /**
     * The informers list in pages of this many objects, as the operator's do: 10,000 models in one answer would be
     * held at once, as JSON and as objects.
     */
    private static final long LIST_PAGE = 500;

    /** A compiled structure is valid for exactly this served state of the model; anything else recompiles. */
    private record Key(String uid, Long generation, String outputPath, String inputTokensPath,
            String outputTokensPath) {

        static Key of(ExternalModel model) {
            InferenceStatus served = model.getStatus().inference;
            DetectedPaths paths = served.detectedPaths;
            return new Key(model.getMetadata().getUid(), served.generation,
                    paths == null ? null : paths.outputPath, paths == null ? null : paths.inputTokensPath,
                    paths == null ? null : paths.outputTokensPath);
        }
    }

    /** @param created the model's creation time in epoch seconds: fixed for its uid, so parsed once here */
    private record Compiled(Key key, ExternalModelSpec spec, Structure structure, long created,
            ResolvedOnce endpoint) {
    }

    private final KubernetesClient client;
    private final GatewaySettings settings;
    private final GatewayMetrics metrics;
    private final ModelGuards guards;

    private final List<SharedIndexInformer<ExternalModel>> models = new CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<Secret>> secrets = new CopyOnWriteArrayList<>();
    private final Map<String, Compiled> structures = new ConcurrentHashMap<>();
    private volatile boolean started;

    /** Keeps the compiled structures to the models still served, so the cache does not outgrow the cluster. */
    private final ResourceEventHandler<ExternalModel> eviction = new ResourceEventHandler<>() {
        @Override
        public void onAdd(ExternalModel model) {
            // Nothing to evict: a model is compiled when a request first asks for it.
            reportUnreadable(model);
        }

        @Override
        public void onUpdate(ExternalModel old, ExternalModel model) {
            if (!Serving.served(model)) {
                structures.remove(model.getMetadata().getUid());
                guards.retire(model.getMetadata().getNamespace(), model.getMetadata().getName(), false);
            }
            reportUnreadable(model);
        }

        @Override
        public void onDelete(ExternalModel model, boolean deletedFinalStateUnknown) {
            structures.remove(model.getMetadata().getUid());
            metrics.forget(model.getMetadata().getNamespace(), model.getMetadata().getName());
            guards.retire(model.getMetadata().getNamespace(), model.getMetadata().getName(), true);
        }
    };

    public ModelRegistry(KubernetesClient client, GatewaySettings settings, GatewayMetrics metrics,
            ModelGuards guards) {
        this.client = client;
        this.settings = settings;
        this.metrics = metrics;
        this.guards = guards;
    }

    /** A model this version cannot read is skipped, not served; the watch goes on for every other model. */
    private static void reportUnreadable(ExternalModel model) {
        if (model.getSpec() != null && model.getSpec().unreadable != null) {
            LOG.warnf("model %s/%s is skipped: %s", model.getMetadata().getNamespace(),
                    model.getMetadata().getName(), model.getSpec().unreadable);
        }
    }

    /** Starts the informers and waits for their first list; idempotent. */
    public synchronized void start() {
        if (!models.isEmpty()) {
            return;
        }
        List<String> namespaces = settings.namespaces().orElse(List.of());
        // Only Secrets labelled for Modelport: the others are never listed, cached or read. Both caches keep the
        // objects without their managedFields, which the gateway never reads; the models' only with what serving
        // reads (ServingFieldsStore).
        if (namespaces.isEmpty()) {
            models.add(WithoutManagedFieldsStore.inform(client.resources(ExternalModel.class).inAnyNamespace(),
                    LIST_PAGE, new ServingFieldsStore(this::compiles), eviction));
            secrets.add(WithoutManagedFieldsStore.inform(client.secrets().inAnyNamespace()
                    .withLabel(CredentialSecrets.CONSENT_LABEL, "true"), LIST_PAGE, null));
        } else {
            for (String namespace : namespaces) {
                models.add(WithoutManagedFieldsStore.inform(client.resources(ExternalModel.class)
                        .inNamespace(namespace), LIST_PAGE, new ServingFieldsStore(this::compiles), eviction));
                secrets.add(WithoutManagedFieldsStore.inform(client.secrets().inNamespace(namespace)
                        .withLabel(CredentialSecrets.CONSENT_LABEL, "true"), LIST_PAGE, null));
            }
        }
        started = true;
    }

    /** Whether the informers have started and listed once: before that, every model would look unknown. */
    public boolean started() {
        return started;
    }

    /** Whether every informer holds its watch (false while one reconnects after losing it). */
    public boolean watching() {
        return models.stream().allMatch(SharedIndexInformer::isWatching)
                && secrets.stream().allMatch(SharedIndexInformer::isWatching);
    }

    /** The served model, or empty when it does not exist or is not served. */
    public Optional<ServedModel> find(String namespace, String name) {
        String key = Cache.namespaceKeyFunc(namespace, name);
        return models.stream().map(informer -> informer.getIndexer().getByKey(key)).filter(Objects::nonNull)
                .findFirst().flatMap(this::served);
    }

    /**
     * Why a model that exists but is not served cannot be called: it asks to be served and its spec is valid, but
     * the operator could not resolve its credentials (a Secret deleted, not labelled or refused). Callers get 503
     * for it, not 404: the model is there, a Secret needs fixing. Empty for any other model.
     */
    public Optional<FailureCategory> credentialsFailure(String namespace, String name) {
        String key = Cache.namespaceKeyFunc(namespace, name);
        return models.stream().map(informer -> informer.getIndexer().getByKey(key)).filter(Objects::nonNull)
                .findFirst().flatMap(ModelRegistry::credentialsFailure);
    }

    /**
     * The spec of a model that asks to be served (inference on, no draft, not being deleted), served or not: a model
     * that cannot be served hands its requests to its fallbacks.
     */
    public Optional<ExternalModelSpec> requested(String namespace, String name) {
        String key = Cache.namespaceKeyFunc(namespace, name);
        return models.stream().map(informer -> informer.getIndexer().getByKey(key)).filter(Objects::nonNull)
                .findFirst().filter(Serving::requested).map(ExternalModel::getSpec);
    }

    static Optional<FailureCategory> credentialsFailure(ExternalModel model) {
        if (!Serving.requested(model) || model.getStatus() == null || !Conditions.has(model.getStatus().conditions,
                ConditionType.CREDENTIALS_RESOLVED, ConditionStatus.FALSE)) {
            return Optional.empty();
        }
        return Optional.of(ConditionReasons.CREDENTIALS_REFUSED.equals(Conditions.find(model.getStatus().conditions,
                ConditionType.CREDENTIALS_RESOLVED).reason) ? FailureCategory.CredentialsRefused
                : FailureCategory.CredentialsMissing);
    }

    /** Every served model, sorted by id. */
    public List<ServedModel> all() {
        List<ServedModel> all = new ArrayList<>();
        for (SharedIndexInformer<ExternalModel> informer : models) {
            informer.getIndexer().list().forEach(model -> served(model).ifPresent(all::add));
        }
        all.sort(Comparator.comparing(ServedModel::id));
        return all;
    }

    /** The Secrets of a namespace as the informer last saw them, so every request uses the current values. */
    public SecretSource secrets(String namespace) {
        return name -> secrets.stream()
                .map(informer -> informer.getIndexer().getByKey(Cache.namespaceKeyFunc(namespace, name)))
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** The informer's handler that evicts the structures of deleted and no longer served models. */
    ResourceEventHandler<ExternalModel> eviction() {
        return eviction;
    }

    /** How many compiled structures are held: one per served model at most. */
    int compiledCount() {
        return structures.size();
    }

    Optional<ServedModel> served(ExternalModel model) {
        if (!Serving.served(model)) {
            return Optional.empty();
        }
        Compiled compiled = compiled(model);
        if (compiled == null) {
            return Optional.empty();
        }
        return Optional.of(new ServedModel(model.getMetadata().getNamespace(), model.getMetadata().getName(),
                compiled.created(), compiled.spec(), compiled.structure(), compiled.endpoint()));
    }

    /** Compiles a served model as the cache stores it; whether its served spec could be read. */
    boolean compiles(ExternalModel model) {
        return compiled(model) != null;
    }

    /**
     * The served generation's spec and structure, read and compiled once per uid, served generation and detected
     * paths; the newer state replaces the uid's older one. A model the cache compiled as it stored it has no served
     * spec left to read: its compiled state is the uid's newest, or none when it is no longer served.
     */
    private Compiled compiled(ExternalModel model) {
        Key key = Key.of(model);
        InferenceStatus served = model.getStatus().inference;
        Compiled cached = structures.get(key.uid());
        if (served.spec == ServingFieldsStore.COMPILED || cached != null && cached.key().equals(key)) {
            return cached;
        }
        try {
            ExternalModelSpec spec = served.readSpec();
            String created = model.getMetadata().getCreationTimestamp();
            Compiled compiled = new Compiled(key, spec, ModelStructures.of(spec, served.detectedPaths),
                    created == null ? 0 : Instant.parse(created).getEpochSecond(), new ResolvedOnce(spec));
            structures.put(key.uid(), compiled);
            return compiled;
        } catch (AdapterException | JsonProcessingException e) {
            // The operator serves only tested specs; one this gateway cannot read (a newer operator's) is not served.
            LOG.warnf("model %s/%s not served: its served spec cannot be read", model.getMetadata().getNamespace(),
                    model.getMetadata().getName());
            return null;
        }
    }
}
