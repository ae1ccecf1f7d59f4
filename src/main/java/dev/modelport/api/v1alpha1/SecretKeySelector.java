package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeySelector {

    @JsonPropertyDescription("Name of a Secret in the same namespace as the ExternalModel.")
    @Required
    @Size(min = 1, max = 253)
    @Pattern(SecretReference.NAME_PATTERN)
    public String name;

    @JsonPropertyDescription("Key within the Secret's data.")
    @Required
    @Size(min = 1, max = 253)
    @Pattern("^[-._a-zA-Z0-9]+$")
    public String key;
}
