package dev.modelport.openapi;

import dev.modelport.api.v1alpha1.AuthorizationType;
import dev.modelport.api.v1alpha1.ExternalModel;
import io.swagger.v3.oas.models.OpenAPI;
import java.util.ArrayList;
import java.util.List;

/** Writes the imported ExternalModel, with the comments that say where each part came from. */
final class ModelWriter {

    private static final int MAX_DISPLAY_NAME = 253;

    private final OpenApiImport.Request request;
    private final OpenAPI api;
    private final SelectedOperation selected;
    private final Endpoints.Endpoint endpoint;
    private final AuthorizationPlan authorization;
    private final ImportedYaml yaml = new ImportedYaml();

    ModelWriter(OpenApiImport.Request request, OpenAPI api, SelectedOperation selected, Endpoints.Endpoint endpoint,
            AuthorizationPlan authorization) {
        this.request = request;
        this.api = api;
        this.selected = selected;
        this.endpoint = endpoint;
        this.authorization = authorization;
    }

    String provider(ProviderShape provider, String origin) {
        head();
        yaml.block(2, "configuration");
        yaml.comment(4, "from " + origin + ": the request and answer of " + provider.api()
                + ", imported as that provider structure instead of a body template");
        yaml.block(4, "provider");
        yaml.field(6, "api", provider.api().name());
        if (provider.model() == null) {
            yaml.comment(6, "the document gives no default or example for model: set the upstream's model id");
        }
        yaml.field(6, "model", provider.model() != null ? provider.model() : "replace-with-the-model-id");
        yaml.block(6, "features");
        if (provider.streaming()) {
            yaml.comment(8, "the 200 response offers text/event-stream");
            yaml.field(8, "streaming", true);
        }
        yaml.field(8, "modalities", List.of("TextToText"));
        tail(List.of(), null, false);
        return yaml.toString();
    }

    String custom(BodyPlan body, ResponsePlan response) {
        head();
        yaml.block(2, "configuration");
        yaml.block(4, "custom");
        yaml.comment(6, "from " + body.origin() + ": " + body.prompt() + " carries the prompt"
                + (body.system() != null ? ", " + body.system() + " the system prompt" : ""));
        if (body.system() != null || !body.variables().isEmpty()) {
            yaml.block(6, "variables");
            yaml.field(8, "systemPrompt", body.system() != null ? Boolean.TRUE : null);
            if (!body.variables().isEmpty()) {
                yaml.block(8, "custom");
                for (BodyPlan.Variable variable : body.variables()) {
                    yaml.comment(10, "from " + variable.property() + (variable.required()
                            ? ": required by the document, no default" : ""));
                    yaml.line(10, "- name: " + ImportedYaml.scalar(variable.name()));
                    yaml.field(12, "displayName", variable.displayName());
                    yaml.field(12, "type", variable.type().name());
                    yaml.field(12, "default", variable.defaultValue());
                    yaml.field(12, "required", variable.required() ? Boolean.TRUE : null);
                }
            }
        }
        yaml.literal(6, "body", body.template());
        if (response.outputPath() != null || response.errorMessage() != null) {
            if (response.outputPath() != null) {
                yaml.comment(6, "from " + response.origin());
            }
            yaml.block(6, "response");
            yaml.field(8, "outputPath", response.outputPath());
            yaml.field(8, "inputTokensPath", response.inputTokensPath());
            yaml.field(8, "outputTokensPath", response.outputTokensPath());
            yaml.field(8, "finishReasonPath", response.finishReasonPath());
            if (response.errorMessage() != null) {
                yaml.comment(8, "from " + response.errorMessage().origin());
                yaml.field(8, "errorMessagePath", response.errorMessage().path());
            }
        }
        if (response.stream() != null) {
            ResponsePlan.Stream stream = response.stream();
            yaml.comment(6, "from " + stream.origin() + ": each event's text, the token counts where an event has them");
            yaml.block(6, "streaming");
            yaml.field(8, "format", stream.format());
            yaml.field(8, "deltaPath", stream.deltaPath());
            if (stream.inputTokensPath() != null || stream.outputTokensPath() != null) {
                yaml.block(8, "usage");
                yaml.field(10, "inputTokensPath", stream.inputTokensPath());
                yaml.field(10, "outputTokensPath", stream.outputTokensPath());
            }
            yaml.field(8, "finishReasonPath", stream.finishReasonPath());
        }
        List<String> unmapped = new ArrayList<>(body.unmapped());
        unmapped.addAll(response.unmapped());
        tail(unmapped, body, response.stream() != null);
        return yaml.toString();
    }

    private void head() {
        String title = api.getInfo() != null && api.getInfo().getTitle() != null ? api.getInfo().getTitle() : null;
        yaml.comment(0, "Imported by modelport import openapi from " + request.file().getFileName()
                + (title != null ? " (" + title + (api.getInfo().getVersion() != null ? " "
                + api.getInfo().getVersion() : "") + ")" : "") + ", OpenAPI " + api.getOpenapi() + ", "
                + selected.label() + ".");
        String secret = request.name() + "-credentials";
        yaml.secretSkeleton(authorization, secret, request.namespace());
        yaml.field(0, "apiVersion", ExternalModel.GROUP + "/" + ExternalModel.VERSION);
        yaml.field(0, "kind", "ExternalModel");
        yaml.block(0, "metadata");
        yaml.field(2, "name", request.name());
        yaml.field(2, "namespace", request.namespace());
        yaml.block(0, "spec");
        yaml.field(2, "displayName", displayName(title));
        yaml.comment(2, "from " + endpoint.origin());
        yaml.field(2, "endpoint", endpoint.url());
        if (authorization.type() != AuthorizationType.None) {
            yaml.comment(2, "from components.securitySchemes." + authorization.scheme());
            yaml.block(2, "authorization");
            yaml.field(4, "type", authorization.type().name());
            yaml.field(4, "header", authorization.header());
            yaml.field(4, "tokenUrl", authorization.tokenUrl());
            if (!authorization.scopes().isEmpty()) {
                yaml.field(4, "scopes", authorization.scopes());
            }
            yaml.block(4, "secretRef");
            yaml.field(6, "name", secret);
        }
        if (authorization.type() == AuthorizationType.None && authorization.unmapped().isEmpty()) {
            yaml.comment(2, "no authorization: the operation declares no security requirement");
        }
        yaml.commentList(2, "authorization not mapped:", authorization.unmapped());
    }

    private void tail(List<String> unmapped, BodyPlan body, boolean streaming) {
        yaml.commentList(2, "not mapped:", unmapped);
        yaml.block(2, "test");
        yaml.field(4, "prompt", OpenApiImport.TEST_PROMPT);
        if (streaming) {
            yaml.comment(4, "the test also makes a streamed call, which checks the streaming definition");
            yaml.field(4, "stream", true);
        }
        List<BodyPlan.Variable> required = body == null ? List.of()
                : body.variables().stream().filter(BodyPlan.Variable::required).toList();
        if (!required.isEmpty()) {
            yaml.block(4, "variables");
            for (BodyPlan.Variable variable : required) {
                yaml.comment(6, variable.sampleFromDocument() ? "required: the document's example"
                        : "required, and the document has no example: replace this placeholder");
                yaml.field(6, variable.name(), variable.sample());
            }
        }
        yaml.comment(2, "validated and tested, never served: set false (and inference.enabled) once the test passes");
        yaml.field(2, "draft", true);
    }

    private String displayName(String title) {
        String summary = selected.operation().getSummary();
        String name = title != null && summary != null ? title + ": " + summary
                : title != null ? title : summary;
        if (name == null) {
            return null;
        }
        name = name.strip().replaceAll("\\s+", " ");
        return name.length() <= MAX_DISPLAY_NAME ? name : name.substring(0, MAX_DISPLAY_NAME);
    }
}
