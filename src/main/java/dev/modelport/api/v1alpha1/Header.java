package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Rules.HEADER_ONE_SOURCE, message = Rules.HEADER_ONE_SOURCE_MESSAGE)
public class Header {

    @JsonPropertyDescription("Header name, an HTTP token such as X-Org or anthropic-version.")
    @Required
    @Size(min = 1, max = 128)
    @ValidationRule(value = Rules.HEADER_NAME, message = Rules.HEADER_NAME_MESSAGE)
    public String name;

    @JsonPropertyDescription("Literal header value. Exactly one of value or valueFrom.")
    @Size(max = 4096)
    @ValidationRule(value = Rules.HEADER_VALUE, message = Rules.HEADER_VALUE_MESSAGE)
    public String value;

    @JsonPropertyDescription("Header value read from a Secret key in the same namespace. "
            + "Exactly one of value or valueFrom.")
    public HeaderValueSource valueFrom;
}
