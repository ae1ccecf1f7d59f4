package dev.modelport.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;

/**
 * An informer cache that keeps each object without {@code metadata.managedFields}: the server-side apply
 * bookkeeping, a tree of maps per field manager: 11 KiB of live heap per cached ExternalModel and 2.4 KiB per
 * inference Service, half of what a model cost (bench/operator-scale.sh HISTOGRAM=1). The operator never reads it
 * from the cache: its status writes are server-side applies that send none, and the inference Service is matched
 * field by field ({@link InferenceServiceDependentResource#sameOwnedFields}). Everything else of the object is kept,
 * so the cache stays a full copy for the informer's update events.
 */
public class WithoutManagedFieldsStore<R extends HasMetadata> extends BasicItemStore<R> {

    /** Keyed as the informer's default store is: namespace/name. */
    public WithoutManagedFieldsStore() {
        super(CacheImpl::metaNamespaceKeyFunc);
    }

    /** Stores the object (the informer's own copy, fresh from the watch) after dropping its managedFields. */
    @Override
    public R put(String key, R object) {
        if (object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
        return super.put(key, object);
    }
}
