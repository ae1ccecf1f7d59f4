package dev.modelport.operator;

import dev.modelport.api.v1alpha1.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Builds a status's condition list from the previous one: a condition keeps its lastTransitionTime while its
 * status is unchanged, and the list is sorted by type, so an unchanged state produces an identical list.
 */
final class Conditions {

    private final List<Condition> previous;
    private final List<Condition> next = new ArrayList<>();
    private final long generation;
    private final String now;

    Conditions(List<Condition> previous, long generation, Instant now) {
        this.previous = previous == null ? List.of() : previous;
        this.generation = generation;
        this.now = now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    Conditions set(String type, boolean status, String reason, String message) {
        return set(type, status ? "True" : "False", reason, message);
    }

    Conditions unknown(String type, String reason, String message) {
        return set(type, "Unknown", reason, message);
    }

    /** Carries a condition over from the previous status unchanged, if it had one. */
    Conditions keep(String type) {
        previous.stream().filter(c -> type.equals(c.type)).findFirst().ifPresent(next::add);
        return this;
    }

    private Conditions set(String type, String status, String reason, String message) {
        Condition condition = new Condition();
        condition.type = type;
        condition.status = status;
        condition.reason = reason;
        condition.message = message;
        condition.observedGeneration = generation;
        condition.lastTransitionTime = previous.stream()
                .filter(c -> type.equals(c.type) && Objects.equals(status, c.status))
                .map(c -> c.lastTransitionTime)
                .findFirst()
                .orElse(now);
        next.removeIf(c -> type.equals(c.type));
        next.add(condition);
        return this;
    }

    List<Condition> build() {
        next.sort(Comparator.comparing(c -> c.type));
        return next;
    }

    static Condition find(List<Condition> conditions, String type) {
        return conditions == null ? null
                : conditions.stream().filter(c -> type.equals(c.type)).findFirst().orElse(null);
    }

    static boolean isTrue(List<Condition> conditions, String type) {
        Condition condition = find(conditions, type);
        return condition != null && "True".equals(condition.status);
    }
}
