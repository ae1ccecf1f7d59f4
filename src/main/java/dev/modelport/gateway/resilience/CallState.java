package dev.modelport.gateway.resilience;

/** What a guard must know of the request it runs attempts for; read after each failed attempt. */
public interface CallState {

    /** Whether part of the answer has gone to the caller: from then on nothing is retried or handed over. */
    boolean answerStarted();

    /** Whether the caller has gone: its attempt was cancelled, which says nothing of the endpoint. */
    boolean callerGone();
}
