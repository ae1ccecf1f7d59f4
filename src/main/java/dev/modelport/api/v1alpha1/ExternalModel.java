package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An external LLM HTTP endpoint registered in the cluster: how to call it, how to test it, whether to serve it. */
@Group(ExternalModel.GROUP)
@Version(ExternalModel.VERSION)
@ShortNames("xm")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Api", jsonPath = ".status.api", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpointHost", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Inference", jsonPath = ".spec.inference.enabled", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Last Test", jsonPath = ".status.lastTest.time", type = AdditionalPrinterColumn.Type.DATE)
// -o wide only: the modalities served, how long the last test call took, and the URL in-cluster clients call.
@AdditionalPrinterColumn(name = "Modalities", jsonPath = ".status.capabilities.modalities",
        type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Test ms", jsonPath = ".status.lastTest.durationMillis",
        type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.inference.url", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ExternalModel extends CustomResource<ExternalModelSpec, ExternalModelStatus> implements Namespaced {

    public static final String GROUP = "modelport.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "ExternalModel";

    @Override
    @JsonPropertyDescription("What the model is, how to call and test it, and whether to serve it.")
    public ExternalModelSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed: phase, conditions, detected paths, the last test and "
            + "where the model is served. Written only by the operator.")
    public ExternalModelStatus getStatus() {
        return super.getStatus();
    }

    @Override
    @JsonDeserialize(using = TolerantReader.Spec.class)
    public void setSpec(ExternalModelSpec spec) {
        super.setSpec(spec);
    }

    @Override
    @JsonDeserialize(using = TolerantReader.Status.class)
    public void setStatus(ExternalModelStatus status) {
        super.setStatus(status);
    }
}
