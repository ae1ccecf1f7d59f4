package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Rules.API_KEY_HEADER_NOT_IN_HEADERS, message = Rules.API_KEY_HEADER_NOT_IN_HEADERS_MESSAGE,
        fieldPath = ".headers")
@ValidationRule(value = Rules.TEST_STREAM_NEEDS_STREAMING, message = Rules.TEST_STREAM_NEEDS_STREAMING_MESSAGE,
        fieldPath = ".test.stream")
public class ExternalModelSpec {

    @JsonPropertyDescription("Human-readable model name shown to users (the dialog's \"Model name\"). "
            + "Defaults to metadata.name.")
    @Size(max = 253)
    public String displayName;

    @JsonPropertyDescription("Absolute http or https URL the model is called at, e.g. "
            + "https://api.openai.com/v1/chat/completions. No user-info: credentials go in authorization.")
    @Required
    @Size(max = 2048)
    @ValidationRule(value = Rules.URL, message = Rules.URL_MESSAGE)
    @ValidationRule(value = Rules.NO_USER_INFO, message = Rules.NO_USER_INFO_MESSAGE)
    public String endpoint;

    @JsonPropertyDescription("How requests to the endpoint are authorized (the authorization profile). "
            + "Omitted means type None.")
    public Authorization authorization;

    @JsonPropertyDescription("Extra HTTP headers sent with every request to the endpoint, each a literal value or a "
            + "reference to a Secret key in the same namespace. Authorization, Host, Content-Length, "
            + "Transfer-Encoding, Connection and the API key header cannot be set here.")
    @Size(max = 64)
    @ValidationRule(value = Rules.HEADERS_NOT_RESERVED, message = Rules.HEADERS_NOT_RESERVED_MESSAGE)
    @ValidationRule(value = Rules.HEADERS_UNIQUE, message = Rules.HEADERS_UNIQUE_MESSAGE)
    public List<Header> headers;

    @JsonPropertyDescription("The model configuration: exactly one of custom (declared variables and a JSON body "
            + "template) or provider (an existing provider request structure).")
    @Required
    public Configuration configuration;

    @JsonPropertyDescription("Sample input of the connectivity test the operator runs after every change "
            + "(the dialog's Test button).")
    @Required
    public TestInput test;

    @JsonPropertyDescription("Save as draft: true validates and tests the model but never serves it. "
            + "false confirms it. Default false.")
    public Boolean draft;

    @JsonPropertyDescription("Serving of the model to in-cluster applications through the inference gateway.")
    public Inference inference;

    /**
     * Why this spec could not be read, or null: a field, value or type this version does not know (see
     * {@link TolerantReader}). Not part of the resource.
     */
    @JsonIgnore
    public String unreadable;

    public static boolean isDraft(ExternalModelSpec spec) {
        return Boolean.TRUE.equals(spec.draft);
    }

    public static boolean isInferenceEnabled(ExternalModelSpec spec) {
        return spec.inference != null && Boolean.TRUE.equals(spec.inference.enabled);
    }
}
