package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HeaderValueSource {

    @JsonPropertyDescription("A key of a Secret in the same namespace whose value is the header value.")
    @Required
    public SecretKeySelector secretKeyRef;
}
