package dev.modelport.gateway;

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

    /** The model a per-model Service's Host names, or empty for any other host. */
    public static Optional<ModelSelection> fromHost(String host) {
        if (host == null) {
            return Optional.empty();
        }
        Matcher matcher = SERVICE_HOST.matcher(host.toLowerCase(java.util.Locale.ROOT));
        return matcher.matches() ? Optional.of(new ModelSelection(matcher.group(3), matcher.group(1)))
                : Optional.empty();
    }

    /** The model an OpenAI {@code model} field names as {@code <namespace>/<name>}. */
    public static ModelSelection fromModelField(String model) throws GatewayException {
        int slash = model == null ? -1 : model.indexOf('/');
        if (slash <= 0 || slash == model.length() - 1 || model.indexOf('/', slash + 1) >= 0) {
            throw GatewayException.modelNotFound(String.valueOf(model));
        }
        return new ModelSelection(model.substring(0, slash), model.substring(slash + 1));
    }

    public String id() {
        return namespace + "/" + name;
    }
}
