package dev.modelport.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.servers.ServerVariable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model's endpoint: the operation's server (operation, then path, then document servers; the first of each list),
 * its variables replaced by their defaults, then the path with its parameters replaced by their defaults or examples.
 * {@code --server} replaces the server URL.
 */
final class Endpoints {

    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}]+)}");

    /** The endpoint URL and where it came from, for the comment above it. */
    record Endpoint(String url, String origin) {
    }

    private Endpoints() {
    }

    static Endpoint of(OpenAPI api, SelectedOperation selected, String serverOverride) throws ImportException {
        String server;
        String origin;
        if (serverOverride != null) {
            server = serverOverride;
            origin = "--server";
        } else {
            Server chosen = first(selected.operation().getServers(), selected.pathItem().getServers(),
                    api.getServers());
            if (chosen == null || chosen.getUrl() == null || !chosen.getUrl().matches("(?i)https?://.+")) {
                throw new ImportException("the document names no absolute server URL for " + selected.label()
                        + (chosen != null && chosen.getUrl() != null ? " (servers: " + chosen.getUrl() + ")" : "")
                        + "; give one with --server, e.g. --server https://llm.example.com");
            }
            server = withDefaults(chosen);
            origin = "servers: " + chosen.getUrl();
        }
        String url = stripSlash(server) + path(selected);
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                throw new ImportException("endpoint " + url + " is not an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            throw new ImportException("endpoint " + url + " is not a valid URL (" + e.getReason() + ")");
        }
        return new Endpoint(url, origin + " + " + selected.path());
    }

    @SafeVarargs
    private static Server first(List<Server>... lists) {
        for (List<Server> list : lists) {
            if (list != null && !list.isEmpty()) {
                return list.get(0);
            }
        }
        return null;
    }

    private static String withDefaults(Server server) throws ImportException {
        Map<String, ServerVariable> variables = server.getVariables() == null ? Map.of() : server.getVariables();
        Matcher matcher = TEMPLATE.matcher(server.getUrl());
        StringBuilder url = new StringBuilder();
        while (matcher.find()) {
            ServerVariable variable = variables.get(matcher.group(1));
            if (variable == null || variable.getDefault() == null) {
                throw new ImportException("server " + server.getUrl() + ": variable {" + matcher.group(1)
                        + "} has no default; give the URL with --server");
            }
            matcher.appendReplacement(url, Matcher.quoteReplacement(variable.getDefault()));
        }
        matcher.appendTail(url);
        return url.toString();
    }

    private static String path(SelectedOperation selected) throws ImportException {
        Matcher matcher = TEMPLATE.matcher(selected.path());
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            Object value = parameterValue(selected, matcher.group(1));
            if (value == null) {
                throw new ImportException(selected.label() + ": path parameter {" + matcher.group(1)
                        + "} has no default or example; import by a path without it is not possible");
            }
            matcher.appendReplacement(path, Matcher.quoteReplacement(String.valueOf(value)));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private static Object parameterValue(SelectedOperation selected, String name) {
        List<Parameter> parameters = new java.util.ArrayList<>();
        if (selected.operation().getParameters() != null) {
            parameters.addAll(selected.operation().getParameters());
        }
        if (selected.pathItem().getParameters() != null) {
            parameters.addAll(selected.pathItem().getParameters());
        }
        for (Parameter parameter : parameters) {
            if (name.equals(parameter.getName()) && "path".equals(parameter.getIn())) {
                if (parameter.getSchema() != null && parameter.getSchema().getDefault() != null) {
                    return parameter.getSchema().getDefault();
                }
                return parameter.getExample() != null ? parameter.getExample()
                        : parameter.getSchema() == null ? null : parameter.getSchema().getExample();
            }
        }
        return null;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
