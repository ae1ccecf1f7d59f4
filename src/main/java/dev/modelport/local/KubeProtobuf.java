package dev.modelport.local;

import static java.util.Map.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Reads the Kubernetes protobuf encoding of the objects kubectl's typed commands create ({@code kubectl create
 * secret|configmap|namespace|service}) into the JSON the same object has. client-go sends built-in kinds only as
 * protobuf and does not fall back to JSON when a server refuses it (it does so for CBOR alone), so refusing would
 * leave these commands failing. The wire format carries every non-pointer field, zero or not; a zero one is left
 * out, as Go's JSON encoding leaves it out ({@code omitempty}), while a pointer field is on the wire only when set
 * and kept as it is. A kind or field not described here is refused as a whole, never read in part.
 */
final class KubeProtobuf {

    static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private enum Type { STRING, BYTES, INT, BOOL, TIME, INT_OR_STRING, MESSAGE, STRING_MAP, BYTES_MAP }

    /** A field of a message: keepZero for Go pointers and map entries, whose zero value means something. */
    private record Field(String name, Type type, Map<Integer, Field> message, boolean repeated, boolean keepZero) {

        Field repeatedField() {
            return new Field(name, type, message, true, keepZero);
        }

        Field pointer() {
            return new Field(name, type, message, repeated, true);
        }
    }

    private static Field field(String name, Type type) {
        return new Field(name, type, null, false, false);
    }

    private static Field field(String name, Map<Integer, Field> message) {
        return new Field(name, Type.MESSAGE, message, false, false);
    }

    // Field numbers from the generated.proto files of k8s.io/api core/v1 and k8s.io/apimachinery (v0.32).
    private static final Map<Integer, Field> TYPE_META = Map.of(
            1, field("apiVersion", Type.STRING), 2, field("kind", Type.STRING));
    private static final Map<Integer, Field> TIME = Map.of(1, field("seconds", Type.INT), 2, field("nanos", Type.INT));
    private static final Map<Integer, Field> INT_OR_STRING = Map.of(
            1, field("type", Type.INT), 2, field("intVal", Type.INT), 3, field("strVal", Type.STRING));
    private static final Map<Integer, Field> STRING_ENTRY = Map.of(
            1, field("key", Type.STRING).pointer(), 2, field("value", Type.STRING).pointer());
    private static final Map<Integer, Field> BYTES_ENTRY = Map.of(
            1, field("key", Type.STRING).pointer(), 2, field("value", Type.BYTES).pointer());
    private static final Map<Integer, Field> OWNER_REFERENCE = Map.of(
            5, field("apiVersion", Type.STRING), 1, field("kind", Type.STRING), 3, field("name", Type.STRING),
            4, field("uid", Type.STRING), 6, field("controller", Type.BOOL).pointer(),
            7, field("blockOwnerDeletion", Type.BOOL).pointer());
    private static final Map<Integer, Field> OBJECT_META = Map.ofEntries(
            entry(1, field("name", Type.STRING)), entry(2, field("generateName", Type.STRING)),
            entry(3, field("namespace", Type.STRING)), entry(4, field("selfLink", Type.STRING)),
            entry(5, field("uid", Type.STRING)), entry(6, field("resourceVersion", Type.STRING)),
            entry(7, field("generation", Type.INT)), entry(8, field("creationTimestamp", Type.TIME)),
            entry(9, field("deletionTimestamp", Type.TIME).pointer()),
            entry(10, field("deletionGracePeriodSeconds", Type.INT).pointer()),
            entry(11, field("labels", Type.STRING_MAP)), entry(12, field("annotations", Type.STRING_MAP)),
            entry(13, field("ownerReferences", OWNER_REFERENCE).repeatedField()),
            entry(14, field("finalizers", Type.STRING).repeatedField()));
    private static final Map<Integer, Field> SECRET = Map.of(
            1, field("metadata", OBJECT_META), 2, field("data", Type.BYTES_MAP), 3, field("type", Type.STRING),
            4, field("stringData", Type.STRING_MAP), 5, field("immutable", Type.BOOL).pointer());
    private static final Map<Integer, Field> CONFIG_MAP = Map.of(
            1, field("metadata", OBJECT_META), 2, field("data", Type.STRING_MAP),
            3, field("binaryData", Type.BYTES_MAP), 4, field("immutable", Type.BOOL).pointer());
    private static final Map<Integer, Field> NAMESPACE = Map.of(
            1, field("metadata", OBJECT_META),
            2, field("spec", Map.of(1, field("finalizers", Type.STRING).repeatedField())),
            3, field("status", Map.of(1, field("phase", Type.STRING))));
    private static final Map<Integer, Field> SERVICE_PORT = Map.of(
            1, field("name", Type.STRING), 2, field("protocol", Type.STRING),
            6, field("appProtocol", Type.STRING).pointer(), 3, field("port", Type.INT),
            4, field("targetPort", Type.INT_OR_STRING), 5, field("nodePort", Type.INT));
    private static final Map<Integer, Field> SESSION_AFFINITY_CONFIG = Map.of(1, field("clientIP",
            Map.of(1, field("timeoutSeconds", Type.INT).pointer())).pointer());
    private static final Map<Integer, Field> SERVICE_SPEC = Map.ofEntries(
            entry(1, field("ports", SERVICE_PORT).repeatedField()), entry(2, field("selector", Type.STRING_MAP)),
            entry(3, field("clusterIP", Type.STRING)), entry(18, field("clusterIPs", Type.STRING).repeatedField()),
            entry(4, field("type", Type.STRING)), entry(5, field("externalIPs", Type.STRING).repeatedField()),
            entry(7, field("sessionAffinity", Type.STRING)), entry(8, field("loadBalancerIP", Type.STRING)),
            entry(9, field("loadBalancerSourceRanges", Type.STRING).repeatedField()),
            entry(10, field("externalName", Type.STRING)), entry(11, field("externalTrafficPolicy", Type.STRING)),
            entry(12, field("healthCheckNodePort", Type.INT)), entry(13, field("publishNotReadyAddresses", Type.BOOL)),
            entry(14, field("sessionAffinityConfig", SESSION_AFFINITY_CONFIG).pointer()),
            entry(19, field("ipFamilies", Type.STRING).repeatedField()),
            entry(17, field("ipFamilyPolicy", Type.STRING).pointer()),
            entry(20, field("allocateLoadBalancerNodePorts", Type.BOOL).pointer()),
            entry(21, field("loadBalancerClass", Type.STRING).pointer()),
            entry(22, field("internalTrafficPolicy", Type.STRING).pointer()),
            entry(23, field("trafficDistribution", Type.STRING).pointer()));
    // A new Service carries an empty status.loadBalancer; its ingress list (field 1) is the controllers' to write.
    private static final Map<Integer, Field> SERVICE = Map.of(
            1, field("metadata", OBJECT_META), 2, field("spec", SERVICE_SPEC),
            3, field("status", Map.of(1, field("loadBalancer", Map.of()))));
    private static final Map<String, Map<Integer, Field>> KINDS = Map.of(
            "v1/Secret", SECRET, "v1/ConfigMap", CONFIG_MAP, "v1/Namespace", NAMESPACE, "v1/Service", SERVICE);

    private KubeProtobuf() {
    }

    /** A body this reader cannot turn into JSON exactly; the message says what it met. */
    static final class UnreadableException extends Exception {

        UnreadableException(String message) {
            super(message);
        }
    }

    /**
     * The JSON of a protobuf body: the {@code k8s\0} prefix, then a runtime.Unknown holding the type and the raw
     * object.
     */
    static ObjectNode toJson(byte[] body) throws UnreadableException {
        if (!Arrays.equals(body, 0, Math.min(body.length, MAGIC.length), MAGIC, 0, MAGIC.length)) {
            throw new UnreadableException("the body does not start with the Kubernetes protobuf prefix k8s\\0");
        }
        ObjectNode typeMeta = JSON.objectNode();
        byte[] raw = new byte[0];
        try {
            CodedInputStream envelope = CodedInputStream.newInstance(body, MAGIC.length, body.length - MAGIC.length);
            for (int tag = envelope.readTag(); tag != 0; tag = envelope.readTag()) {
                expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> typeMeta = message(envelope, TYPE_META);
                    case 2 -> raw = envelope.readByteArray();
                    case 3, 4 -> {
                        if (!envelope.readBytes().isEmpty()) {
                            throw new UnreadableException("the object is wrapped in a content encoding or type");
                        }
                    }
                    default -> throw new UnreadableException("the envelope has an unknown field "
                            + WireFormat.getTagFieldNumber(tag));
                }
            }
        } catch (IOException e) {
            throw malformed(e);
        }
        String apiVersion = typeMeta.path("apiVersion").asText();
        String kind = typeMeta.path("kind").asText();
        Map<Integer, Field> schema = KINDS.get(apiVersion + "/" + kind);
        if (schema == null) {
            throw new UnreadableException("protobuf is read only for the kinds v1 Secret, ConfigMap, Namespace and"
                    + " Service, not for " + apiVersion + " " + kind);
        }
        ObjectNode json = JSON.objectNode().put("apiVersion", apiVersion).put("kind", kind);
        try {
            json.setAll(read(CodedInputStream.newInstance(raw), schema));
        } catch (UnreadableException e) {
            throw new UnreadableException(apiVersion + " " + kind + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UnreadableException(apiVersion + " " + kind + ": " + malformed(e).getMessage());
        }
        return json;
    }

    // protobuf-java's messages name the fault (truncated, negative size, malformed varint) but not the format.
    private static UnreadableException malformed(IOException e) {
        return new UnreadableException("the body is not well-formed protobuf: " + e.getMessage());
    }

    /** Reads fields up to the input's current limit: the end of the body, or of the message being read. */
    private static ObjectNode read(CodedInputStream in, Map<Integer, Field> schema)
            throws IOException, UnreadableException {
        ObjectNode json = JSON.objectNode();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int number = WireFormat.getTagFieldNumber(tag);
            Field field = schema.get(number);
            if (field == null) {
                throw new UnreadableException("field number " + number + " is not known here");
            }
            // CodedInputStream reads what it is asked for whatever the tag says, so a mismatch is caught here.
            expect(tag, field.type() == Type.INT || field.type() == Type.BOOL ? WireFormat.WIRETYPE_VARINT
                    : WireFormat.WIRETYPE_LENGTH_DELIMITED);
            JsonNode value = value(in, field);
            if (field.type() == Type.STRING_MAP || field.type() == Type.BYTES_MAP) {
                // A map is a repeated entry message; a nil []byte value leaves the value out.
                (json.get(field.name()) instanceof ObjectNode existing ? existing : json.putObject(field.name()))
                        .set(value.path("key").asText(), value.has("value") ? value.get("value") : JSON.textNode(""));
            } else if (field.repeated()) {
                (json.get(field.name()) instanceof ArrayNode existing ? existing : json.putArray(field.name()))
                        .add(value);
            } else if (field.keepZero() || !isZero(value)) {
                json.set(field.name(), value);
            }
        }
        return json;
    }

    /** Reads a length-delimited embedded message in place, bounded by its length as by a body's end. */
    private static ObjectNode message(CodedInputStream in, Map<Integer, Field> schema)
            throws IOException, UnreadableException {
        int outer = in.pushLimit(in.readRawVarint32());
        ObjectNode json = read(in, schema);
        in.popLimit(outer);
        return json;
    }

    private static JsonNode value(CodedInputStream in, Field field) throws IOException, UnreadableException {
        return switch (field.type()) {
            case INT -> JSON.numberNode(in.readInt64());
            case BOOL -> JSON.booleanNode(in.readBool());
            case STRING -> JSON.textNode(in.readString());
            case BYTES -> JSON.textNode(Base64.getEncoder().encodeToString(in.readByteArray()));
            case MESSAGE -> message(in, field.message());
            case TIME -> {
                // metav1.Time is written as RFC 3339 with whole seconds; the zero time as null.
                long seconds = message(in, TIME).path("seconds").asLong();
                yield seconds == 0 ? JSON.nullNode() : JSON.textNode(Instant.ofEpochSecond(seconds).toString());
            }
            case INT_OR_STRING -> {
                ObjectNode intOrString = message(in, INT_OR_STRING);
                yield intOrString.path("type").asLong() == 1 ? JSON.textNode(intOrString.path("strVal").asText())
                        : JSON.numberNode(intOrString.path("intVal").asLong());
            }
            case STRING_MAP -> message(in, STRING_ENTRY);
            case BYTES_MAP -> message(in, BYTES_ENTRY);
        };
    }

    private static void expect(int tag, int wireType) throws UnreadableException {
        if (WireFormat.getTagWireType(tag) != wireType) {
            throw new UnreadableException("field number " + WireFormat.getTagFieldNumber(tag) + " has wire type "
                    + WireFormat.getTagWireType(tag) + " where " + wireType + " was expected");
        }
    }

    private static boolean isZero(JsonNode value) {
        return value.isNull() || value.isTextual() && value.asText().isEmpty()
                || value.isNumber() && value.asLong() == 0 || value.isBoolean() && !value.asBoolean()
                || value.isObject() && value.isEmpty();
    }
}
