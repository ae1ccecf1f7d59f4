package dev.modelport.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The openAPIV3Schema of the ExternalModel CRD generated at build and shipped in the application. */
public final class CrdSchema {

    public static final String RESOURCE = "/META-INF/modelport/externalmodels.modelport.dev-v1.yml";

    private CrdSchema() {
    }

    /** The whole CustomResourceDefinition as JSON. */
    public static JsonNode crd() {
        try (InputStream in = CrdSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("CRD resource " + RESOURCE + " is missing from the build");
            }
            return ManifestReader.YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema of version v1alpha1. */
    public static JsonNode openApiV3Schema(JsonNode crd) {
        for (JsonNode version : crd.path("spec").path("versions")) {
            if ("v1alpha1".equals(version.path("name").asText())) {
                return version.path("schema").path("openAPIV3Schema");
            }
        }
        throw new IllegalStateException("CRD has no version v1alpha1");
    }
}
