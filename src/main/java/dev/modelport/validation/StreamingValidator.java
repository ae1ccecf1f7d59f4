package dev.modelport.validation;

import static dev.modelport.api.v1alpha1.Rules.DONE_WHEN_ONE_MESSAGE;
import static dev.modelport.api.v1alpha1.Rules.DONE_WHEN_VALUE_WITH_PATH_MESSAGE;

import dev.modelport.api.v1alpha1.CustomStreaming;
import dev.modelport.api.v1alpha1.DoneWhen;
import java.util.List;

/** The checks of a custom model's streaming definition (spec.configuration.custom.streaming). */
final class StreamingValidator {

    private StreamingValidator() {
    }

    static void validate(String field, CustomStreaming streaming, List<Violation> problems) {
        if (streaming == null) {
            return;
        }
        if (streaming.format == null) {
            problems.add(new Violation(field + ".format", "is required (SSE or NDJSON)"));
        }
        if (streaming.deltaPath == null || streaming.deltaPath.isEmpty()) {
            problems.add(new Violation(field + ".deltaPath", "is required"));
        } else {
            ExternalModelValidator.jsonPath(field + ".deltaPath", streaming.deltaPath, problems);
        }
        if (streaming.usage != null) {
            ExternalModelValidator.jsonPath(field + ".usage.inputTokensPath", streaming.usage.inputTokensPath,
                    problems);
            ExternalModelValidator.jsonPath(field + ".usage.outputTokensPath", streaming.usage.outputTokensPath,
                    problems);
        }
        ExternalModelValidator.jsonPath(field + ".finishReasonPath", streaming.finishReasonPath, problems);
        doneWhen(field + ".doneWhen", streaming.doneWhen, problems);
    }

    private static void doneWhen(String field, DoneWhen doneWhen, List<Violation> problems) {
        if (doneWhen == null) {
            return;
        }
        if ((doneWhen.sentinel != null) == (doneWhen.path != null)) {
            problems.add(new Violation(field, DONE_WHEN_ONE_MESSAGE));
        }
        if (doneWhen.value != null && doneWhen.path == null) {
            problems.add(new Violation(field, DONE_WHEN_VALUE_WITH_PATH_MESSAGE));
        }
        ExternalModelValidator.jsonPath(field + ".path", doneWhen.path, problems);
    }
}
