package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretReference {

    public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    @JsonPropertyDescription("Name of a Secret in the same namespace as the ExternalModel.")
    @Required
    @Size(min = 1, max = 253)
    @Pattern(NAME_PATTERN)
    public String name;

    public SecretReference() {
    }

    public SecretReference(String name) {
        this.name = name;
    }
}
