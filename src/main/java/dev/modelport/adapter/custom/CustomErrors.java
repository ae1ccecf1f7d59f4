package dev.modelport.adapter.custom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.AnswerFormat;
import dev.modelport.adapter.EchoedText;
import dev.modelport.adapter.ProviderError;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads the error message of a custom endpoint's error answer with its errorMessagePath, compiled once: the
 * message the gateway reports to its caller, cut to {@link EchoedText#UPSTREAM_LIMIT} characters without control
 * characters, never logged. Only a string is a message; a body where the path selects none is read as a provider's
 * error object.
 */
final class CustomErrors implements AnswerFormat.ErrorReader {

    private final PathReader message;

    CustomErrors(String errorMessagePath) throws AdapterException {
        this.message = new PathReader(List.of("error message"), List.of(errorMessagePath));
    }

    @Override
    public Optional<ProviderError> read(byte[] body) {
        JsonNode value;
        try {
            value = message.read(body)[0];
        } catch (IOException | RuntimeException e) {
            return ProviderError.parse(body);
        }
        if (value == null || !value.isTextual()) {
            return ProviderError.parse(body);
        }
        return Optional.of(new ProviderError(null, null, EchoedText.of(value.textValue(), EchoedText.UPSTREAM_LIMIT)));
    }
}
