package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads an ExternalModel's spec or status without letting one object stop a watch: a field, an enum value or a type
 * this version does not know (version skew between the CRD and the code) makes a fabric8 informer fail its whole
 * watch for good. Such a part is read as {@link #unreadable} instead, naming the field, so that the object is skipped
 * and reported while every other model keeps working.
 */
abstract class TolerantReader<T> extends StdDeserializer<T> {

    private final String root;

    TolerantReader(Class<T> type, String root) {
        super(type);
        this.root = root;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode tree = parser.readValueAsTree();
        try {
            return ApiJson.MAPPER.treeToValue(tree, (Class<T>) handledType());
        } catch (JsonMappingException e) {
            return unreadable(tree, where(e) + ": cannot be read by this version of Modelport (a field or value it "
                    + "does not know, or a value of another type)");
        }
    }

    /** The field the problem is at, e.g. spec.configuration.provider.api. */
    private String where(JsonMappingException e) {
        return root + e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? "." + reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining());
    }

    /** What stands for a part that cannot be read. */
    abstract T unreadable(JsonNode raw, String problem);

    /** The spec's reader: an unreadable spec keeps the problem, and the text to write back. */
    static final class Spec extends TolerantReader<ExternalModelSpec> {

        Spec() {
            super(ExternalModelSpec.class, "spec");
        }

        @Override
        ExternalModelSpec unreadable(JsonNode raw, String problem) {
            return new UnreadableSpec(raw, problem);
        }
    }

    /** The status's reader: the operator writes a whole new status, so an unreadable one is as good as none. */
    static final class Status extends TolerantReader<ExternalModelStatus> {

        Status() {
            super(ExternalModelStatus.class, "status");
        }

        @Override
        ExternalModelStatus unreadable(JsonNode raw, String problem) {
            return null;
        }
    }
}
