package dev.modelport.openapi;

/** A document or a choice the import cannot turn into an ExternalModel; the message names what and where. */
public final class ImportException extends Exception {

    public ImportException(String message) {
        super(message);
    }
}
