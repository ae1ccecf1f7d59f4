package dev.modelport.operator;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.stream.Collectors;

/**
 * What a failed reconcile tells the user in the status. A refusal by the Kubernetes API (the common case: a Service
 * write forbidden or invalid) gives its HTTP code, reason and message, which speak of the object the operator wrote
 * (a Service, an Event: never a Secret's value). Any other exception gives its class only: its message may quote
 * anything, a value or a response body, so it goes to the DEBUG log with the stack trace.
 */
final class ReconcileErrors {

    static final int MAX_API_MESSAGE = 300;

    private ReconcileErrors() {
    }

    static String describe(Throwable error) {
        if (error instanceof AggregatedOperatorException aggregated
                && !aggregated.getAggregatedExceptions().isEmpty()) {
            return aggregated.getAggregatedExceptions().entrySet().stream()
                    .map(failed -> failed.getKey() + ": " + describeOne(failed.getValue()))
                    .collect(Collectors.joining("; "));
        }
        return describeOne(error);
    }

    private static String describeOne(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException refused && refused.getCode() > 0) {
                return "the Kubernetes API refused a request: HTTP " + refused.getCode()
                        + apiStatus(refused.getStatus());
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return error.getClass().getSimpleName() + (root == error ? "" : " caused by " + root.getClass().getSimpleName())
                + " (details in the operator's log at DEBUG)";
    }

    private static String apiStatus(Status status) {
        if (status == null) {
            return "";
        }
        String reason = status.getReason() == null ? "" : " " + status.getReason();
        String message = status.getMessage();
        if (message == null || message.isBlank()) {
            return reason;
        }
        return reason + ": " + (message.length() <= MAX_API_MESSAGE ? message
                : message.substring(0, MAX_API_MESSAGE - 3) + "...");
    }
}
