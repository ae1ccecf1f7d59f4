/**
 * The gateway role: an OpenAI-compatible API in front of the served ExternalModels, one room per step of a request.
 * A request arrives in {@code http} (routes, body limits, the endpoints, shutdown); {@code models} reads which model
 * it names, {@code auth} decides whether its caller may use it, {@code chat} turns the OpenAI request into an
 * invocation, and {@code calls} calls the model under its {@code resilience} guard (retries, circuit breaker,
 * concurrency bound), then its fallbacks; the answer goes back through {@code chat} (a completion or stream chunks)
 * and {@code http} (the response or its event stream), and {@code telemetry} counts it. What every room shares is
 * here: the error answer ({@link dev.modelport.gateway.GatewayException}), the request as the rooms read it, the
 * caller's side of a stream, and the settings. No two rooms import each other, directly or round about.
 */
package dev.modelport.gateway;
