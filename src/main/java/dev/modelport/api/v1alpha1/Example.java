package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Example {

    @JsonPropertyDescription("Example input (the user turn).")
    @Required
    @Size(max = 16384)
    public String input;

    @JsonPropertyDescription("Expected output for the input (the assistant turn).")
    @Required
    @Size(max = 16384)
    public String output;

    public Example() {
    }

    public Example(String input, String output) {
        this.input = input;
        this.output = output;
    }
}
