package dev.modelport.gateway.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.gateway.GatewayException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which model a request is for. The per-model Service {@code <name>-inference.<namespace>.svc} routes to the
 * gateway, so its Host names the model; on the gateway's own address the body names it as
 * {@code <namespace>/<name>}.
 */
public record ModelSelection(String namespace, String name) {

    private static final Pattern SERVICE_HOST = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?)-inference\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.svc(\\.cluster\\.local)?"
                    + "\\.?(:\\d+)?");

    /** A namespace is a DNS-1123 label. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** An ExternalModel's name, as any object's, is a DNS-1123 subdomain of at most 253 characters. */
    private static final Pattern NAME = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_NAME = 253;

    /** The model a per-model Service's Host names, or empty for any other host. */
    public static Optional<ModelSelection> fromHost(String host) {
        if (host == null) {
            return Optional.empty();
        }
        Matcher matcher = SERVICE_HOST.matcher(host.toLowerCase(Locale.ROOT));
        return matcher.matches() ? Optional.of(new ModelSelection(matcher.group(3), matcher.group(1)))
                : Optional.empty();
    }

    /** The model an OpenAI {@code model} field names as {@code <namespace>/<name>}; null when the body has none. */
    public static ModelSelection fromModelField(JsonNode model) throws GatewayException {
        if (model == null || model.isNull()) {
            throw GatewayException.invalid("model is required: the <namespace>/<name> of a served model");
        }
        if (!model.isTextual()) {
            throw GatewayException.invalid("model must be a string: the <namespace>/<name> of a served model");
        }
        return fromId(model.textValue());
    }

    /**
     * The model a {@code /v1/models/{id}} path names: its {@code ns} and {@code name} parameters, or an {@code id}
     * parameter {@code <namespace>/<name>} (the slash sent encoded, as the OpenAI clients do).
     */
    public static ModelSelection fromModelId(Map<String, String> pathParams) throws GatewayException {
        String id = pathParams.get("id");
        return id == null ? named(pathParams.get("ns"), pathParams.get("name")) : fromId(id);
    }

    private static ModelSelection fromId(String id) throws GatewayException {
        int slash = id.indexOf('/');
        if (slash < 0) {
            throw GatewayException.modelNotFound(id);
        }
        return named(id.substring(0, slash), id.substring(slash + 1));
    }

    /**
     * The model of this namespace and name. One that no Kubernetes object can have is not found at once: it cannot
     * exist, so answering without authorizing tells a caller nothing, and an arbitrary string never reaches the
     * authorization reviews or their logs.
     */
    public static ModelSelection named(String namespace, String name) throws GatewayException {
        if (namespace == null || name == null || namespace.length() > 63 || name.length() > MAX_NAME
                || !NAMESPACE.matcher(namespace).matches() || !NAME.matcher(name).matches()) {
            throw GatewayException.modelNotFound(namespace + "/" + name);
        }
        return new ModelSelection(namespace, name);
    }

    public String id() {
        return namespace + "/" + name;
    }
}
