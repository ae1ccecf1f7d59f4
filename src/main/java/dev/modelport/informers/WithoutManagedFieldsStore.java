package dev.modelport.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;

/**
 * An informer cache that keeps each object without {@code metadata.managedFields}: the server-side apply
 * bookkeeping, a tree of maps per field manager: 11 KiB of live heap per cached ExternalModel and 2.4 KiB per
 * inference Service, half of what a model cost the operator (bench/operator-scale.sh HISTOGRAM=1). Neither role
 * reads it from a cache: the operator's status writes are server-side applies that send none, and it matches the
 * inference Service field by field; the gateway reads specs and statuses. Everything else of the object is kept, so
 * the cache stays a full copy for the informer's update events.
 */
public class WithoutManagedFieldsStore<R extends HasMetadata> extends BasicItemStore<R> {

    /** Keyed as the informer's default store is: namespace/name. */
    public WithoutManagedFieldsStore() {
        super(CacheImpl::metaNamespaceKeyFunc);
    }

    /**
     * Starts an informer of these resources cached in such a store, listing them in pages of {@code page} objects
     * (one answer for all of them is held at once, JSON and objects), and waits for its first list, as
     * {@link Informable#inform(ResourceEventHandler)} does.
     *
     * @param handler the informer's event handler, or null for none
     */
    public static <R extends HasMetadata> SharedIndexInformer<R> inform(Informable<R> resources, long page,
            ResourceEventHandler<? super R> handler) {
        return inform(resources, page, new WithoutManagedFieldsStore<>(), handler);
    }

    /** As {@link #inform(Informable, long, ResourceEventHandler)}, into this store (one that keeps even less). */
    public static <R extends HasMetadata> SharedIndexInformer<R> inform(Informable<R> resources, long page,
            WithoutManagedFieldsStore<R> store, ResourceEventHandler<? super R> handler) {
        SharedIndexInformer<R> informer = resources.withLimit(page).runnableInformer(0).itemStore(store);
        if (handler != null) {
            informer.addEventHandler(handler);
        }
        return informer.run();
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
