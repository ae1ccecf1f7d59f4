package dev.modelport.api.v1alpha1;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a list a map keyed by these fields of its items in the CRD (x-kubernetes-list-type: map), so that with
 * server-side apply each writer owns only its own items: without it a list is atomic, and a writer's apply replaces
 * every other writer's items. The fabric8 generator has no annotation for it; the build's GenerateCrd reads this one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface ListMapKeys {
    String[] value();
}
