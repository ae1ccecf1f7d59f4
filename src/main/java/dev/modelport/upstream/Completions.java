package dev.modelport.upstream;

import java.util.concurrent.CompletionException;

/** Reading the failure of a {@link java.util.concurrent.CompletableFuture}, as {@link UpstreamClient#callNow} returns. */
public final class Completions {

    private Completions() {
    }

    /**
     * What a future failed with: the cause of the {@link CompletionException} that dependent stages wrap around a
     * failure, else the failure itself.
     */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause()
                : failure;
    }
}
