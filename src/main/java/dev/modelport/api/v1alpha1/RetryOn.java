package dev.modelport.api.v1alpha1;

/** The classes of failed calls a retry policy may retry. */
public enum RetryOn {
    /** No connection to the endpoint, or it broke before an answer. */
    ConnectionFailure,
    /** The endpoint answered 429. */
    RateLimited,
    /** The endpoint answered a 5xx status. */
    ServerError,
    /** No answer within the timeout, or the endpoint answered 408. */
    Timeout
}
