package dev.modelport.openapi;

import java.util.List;

/**
 * What the success response became: response paths (null where the detector found nothing good enough), and the
 * streaming definition when the operation answers with a stream.
 *
 * @param origin where the paths came from, for the comment
 * @param finishReasonPath the answer's finish_reason or stop_reason, chosen by name, or null
 * @param stream the stream definition, or null when the operation does not stream
 * @param unmapped what could not be mapped, each with why
 */
record ResponsePlan(String origin, String outputPath, String inputTokensPath, String outputTokensPath,
        String finishReasonPath, ErrorMessage errorMessage, Stream stream, List<String> unmapped) {

    /** Where an error answer (4xx) says what went wrong, and the schema that says so; null when none does. */
    record ErrorMessage(String path, String origin) {
    }


    /** The upstream's stream: SSE or NDJSON events, the text of each, and token counts from whichever carries them. */
    record Stream(String format, String origin, String deltaPath, String inputTokensPath, String outputTokensPath,
            String finishReasonPath) {
    }
}
