package dev.modelport.validation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.api.v1alpha1.ExternalModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates an ExternalModel manifest without a cluster, in the three layers a real cluster and the operator apply:
 * the CRD's structural schema, its CEL rules, and the Java rules. A problem found by two layers is reported once.
 */
public final class ManifestValidator {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final SchemaValidator schema;
    private final CelRules cel;
    private final ExternalModelValidator java = new ExternalModelValidator();

    public ManifestValidator(SchemaValidator schema, CelRules cel) {
        this.schema = schema;
        this.cel = cel;
    }

    /** A validator for the CRD shipped with the application. */
    public static ManifestValidator fromBuiltInCrd() {
        JsonNode openApi = CrdSchema.openApiV3Schema(CrdSchema.crd());
        return new ManifestValidator(new SchemaValidator(openApi), new CelRules(openApi));
    }

    public static boolean isExternalModel(JsonNode document) {
        return ExternalModel.API_VERSION.equals(document.path("apiVersion").asText())
                && ExternalModel.KIND.equals(document.path("kind").asText());
    }

    /**
     * The same three layers for a model read from the API server. Admission has normally applied the schema and the
     * CEL rules, but a model can arrive without them (local mode's embedded server, a cluster with an older CRD), and
     * the operator must not test a spec the schema would refuse (a 300 KB name, 200 headers, 1,000 variables).
     */
    public List<Violation> validate(ExternalModel model) {
        String unreadable = model.getSpec() == null ? null : model.getSpec().unreadable;
        if (unreadable != null) {
            int colon = unreadable.indexOf(": ");
            return List.of(new Violation(unreadable.substring(0, colon), unreadable.substring(colon + 2)));
        }
        return validate(MAPPER.valueToTree(model));
    }

    public List<Violation> validate(JsonNode document) {
        Set<Violation> problems = new LinkedHashSet<>();
        String name = document.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            problems.add(new Violation("metadata.name", "Required value"));
        }
        problems.addAll(schema.validate(document));
        problems.addAll(cel.validate(document));
        ExternalModel model;
        try {
            model = MAPPER.treeToValue(document, ExternalModel.class);
        } catch (Exception e) {
            // Shape errors (a string where an object belongs, an unknown enum value) are the schema's findings.
            return new ArrayList<>(problems);
        }
        List<Violation> javaProblems = java.validate(model.getSpec());
        if (model.getSpec() != null) {
            InferenceValidator.fallbacks(name, model.getSpec().inference, javaProblems);
        }
        problems.addAll(javaProblems);
        return new ArrayList<>(problems);
    }
}
