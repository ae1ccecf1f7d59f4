package dev.modelport.adapter.custom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.TokenUsage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the answer, token counts and finish reason from a response with JSON paths compiled once. A token count
 * that is missing, null or not an integer is unknown (null), never 0.
 */
public final class ResponseExtractor {

    private final String outputPathText;
    private final PathReader paths;

    /** Paths may be null except the output path; each must compile. */
    public ResponseExtractor(String outputPath, String inputTokensPath, String outputTokensPath)
            throws AdapterException {
        this(outputPath, inputTokensPath, outputTokensPath, null);
    }

    /** Paths may be null except the output path; each must compile. */
    public ResponseExtractor(String outputPath, String inputTokensPath, String outputTokensPath,
            String finishReasonPath) throws AdapterException {
        this.outputPathText = outputPath;
        this.paths = new PathReader(List.of("output", "input tokens", "output tokens", "finish reason"),
                Arrays.asList(outputPath, inputTokensPath, outputTokensPath, finishReasonPath));
    }

    /** Reads the answer from a response body; simple paths are read without building the JSON tree. */
    public ModelResponse extract(byte[] body) throws AdapterException {
        try {
            return answer(paths.read(body));
        } catch (IOException e) {
            throw new AdapterException(FailureCategory.InvalidJson, "the response is not valid JSON");
        }
    }

    public ModelResponse extract(JsonNode response) throws AdapterException {
        return answer(paths.read(response));
    }

    private ModelResponse answer(JsonNode[] values) throws AdapterException {
        JsonNode output = values[0];
        if (!PathReader.present(output)) {
            throw new AdapterException(FailureCategory.PathNotFound,
                    "output path " + outputPathText + " selects nothing in the response");
        }
        String reason = PathReader.present(values[3]) ? FinishReasons.openAi(PathReader.text(values[3])) : null;
        return new ModelResponse(PathReader.text(output),
                TokenUsage.of(PathReader.count(values[1]), PathReader.count(values[2])), reason);
    }
}
