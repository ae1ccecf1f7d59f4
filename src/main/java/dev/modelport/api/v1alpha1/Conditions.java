package dev.modelport.api.v1alpha1;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A status's condition list: looked up by type, and built from the previous one, where a condition keeps its
 * lastTransitionTime while its status is unchanged and the list is sorted by type, so an unchanged state produces
 * an equal list.
 */
public final class Conditions {

    /** The longest message a condition carries; a longer one is cut with "...". */
    public static final int MAX_MESSAGE = 1024;

    private final List<Condition> previous;
    private final List<Condition> next = new ArrayList<>();
    private final long generation;
    private final Instant now;

    public Conditions(List<Condition> previous, long generation, Instant now) {
        this.previous = previous == null ? List.of() : previous;
        this.generation = generation;
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The condition of this type, or null. */
    public static Condition find(List<Condition> conditions, ConditionType type) {
        return conditions == null ? null
                : conditions.stream().filter(c -> c.type == type).findFirst().orElse(null);
    }

    /** Whether the list has a condition of this type with this status. */
    public static boolean has(List<Condition> conditions, ConditionType type, ConditionStatus status) {
        Condition condition = find(conditions, type);
        return condition != null && condition.status == status;
    }

    public Conditions set(ConditionType type, boolean status, String reason, String message) {
        return set(type, ConditionStatus.of(status), reason, message);
    }

    public Conditions unknown(ConditionType type, String reason, String message) {
        return set(type, ConditionStatus.UNKNOWN, reason, message);
    }

    /** Carries a condition over from the previous status unchanged, if it had one. */
    public Conditions keep(ConditionType type) {
        Condition kept = find(previous, type);
        if (kept != null) {
            next.removeIf(c -> c.type == type);
            next.add(kept);
        }
        return this;
    }

    public Conditions set(ConditionType type, ConditionStatus status, String reason, String message) {
        Condition condition = new Condition();
        condition.type = type;
        condition.status = status;
        condition.reason = reason;
        condition.message = truncate(message);
        condition.observedGeneration = generation;
        Condition before = find(previous, type);
        condition.lastTransitionTime = before != null && before.status == status && before.lastTransitionTime != null
                ? before.lastTransitionTime : now;
        next.removeIf(c -> c.type == type);
        next.add(condition);
        return this;
    }

    public List<Condition> build() {
        next.sort(Comparator.comparing(c -> c.type.value()));
        return next;
    }

    private static String truncate(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message
                : message.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
