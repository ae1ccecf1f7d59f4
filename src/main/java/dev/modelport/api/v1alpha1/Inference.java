package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Inference {

    @JsonPropertyDescription("The inference toggle: serve this model through the gateway at "
            + "<name>-inference.<namespace>.svc once it is confirmed (draft false) and its test passed. "
            + "Default false.")
    public Boolean enabled;
}
