package dev.modelport.gateway.media;

import dev.modelport.gateway.GatewayException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A multipart/form-data body (RFC 7578) read where its parts are, without copying them: what the gateway needs to
 * pass a form through with one field (the model) replaced and every other byte as the caller sent it.
 */
final class MultipartForm {

    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename\\*?=");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    /** One part: its field name, whether it is a file, and where its content lies in the body. */
    private record Part(String name, boolean file, int start, int end) {
    }

    private final byte[] body;
    private final List<Part> parts;
    /** The separator before each part ({@code CRLF--boundary}). */
    private final byte[] separator;
    /** Where the closing separator starts: a new field goes there. */
    private final int close;

    private MultipartForm(byte[] body, List<Part> parts, byte[] separator, int close) {
        this.body = body;
        this.parts = parts;
        this.separator = separator;
        this.close = close;
    }

    /** Whether the Content-Type is multipart/form-data, with any parameters. */
    static boolean isMultipart(String contentType) {
        return contentType != null
                && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** @throws GatewayException 400 when the body is not a well-formed form with the Content-Type's boundary */
    static MultipartForm parse(byte[] body, String contentType) throws GatewayException {
        Matcher boundary = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (!isMultipart(contentType) || !boundary.find()) {
            throw GatewayException.invalid("the request body must be multipart/form-data with a boundary");
        }
        String token = boundary.group(2) != null ? boundary.group(2) : boundary.group(3);
        byte[] delimiter = ("--" + token).getBytes(StandardCharsets.ISO_8859_1);
        byte[] separator = ("\r\n--" + token).getBytes(StandardCharsets.ISO_8859_1);
        int at = startsWith(body, 0, delimiter) ? 0 : indexOf(body, separator, 0);
        if (at < 0) {
            throw malformed();
        }
        at += at == 0 ? delimiter.length : separator.length;
        List<Part> parts = new ArrayList<>();
        while (!startsWith(body, at, new byte[] {'-', '-'})) {
            if (!startsWith(body, at, CRLF)) {
                throw malformed();
            }
            int headersEnd = indexOf(body, HEADERS_END, at);
            int next = headersEnd < 0 ? -1 : indexOf(body, separator, headersEnd + HEADERS_END.length);
            if (next < 0) {
                throw malformed();
            }
            String headers = new String(body, at + CRLF.length, headersEnd - at - CRLF.length,
                    StandardCharsets.UTF_8);
            parts.add(part(headers, headersEnd + HEADERS_END.length, next));
            at = next + separator.length;
        }
        if (parts.isEmpty()) {
            throw malformed();
        }
        return new MultipartForm(body, List.copyOf(parts), separator, at - separator.length);
    }

    private static Part part(String headers, int start, int end) throws GatewayException {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
                String disposition = line.substring(colon + 1);
                Matcher name = NAME.matcher(disposition);
                if (name.find()) {
                    return new Part(name.group(1), FILENAME.matcher(disposition).find(), start, end);
                }
            }
        }
        throw GatewayException.invalid("every part of the form needs a Content-Disposition with a name");
    }

    /** The text of the first field of this name that is not a file, or null. */
    String field(String name) {
        for (Part part : parts) {
            if (part.name().equals(name) && !part.file()) {
                return new String(body, part.start(), part.end() - part.start(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Whether the form has a part of this name (a file is one with or without a filename). */
    boolean has(String name) {
        return parts.stream().anyMatch(part -> part.name().equals(name));
    }

    /**
     * The body with the first field of this name holding the value instead, or with the field added last when the
     * form has none; every other byte as it was.
     */
    byte[] withField(String name, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + text.length + 128);
        for (Part part : parts) {
            if (part.name().equals(name) && !part.file()) {
                out.write(body, 0, part.start());
                out.writeBytes(text);
                out.write(body, part.end(), body.length - part.end());
                return out.toByteArray();
            }
        }
        out.write(body, 0, close);
        out.writeBytes(separator);
        out.writeBytes(("\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(text);
        out.write(body, close, body.length - close);
        return out.toByteArray();
    }

    private static GatewayException malformed() {
        return GatewayException.invalid("the multipart/form-data body is malformed: a part or the closing boundary "
                + "is missing");
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] target, int from) {
        for (int i = Math.max(from, 0); i <= body.length - target.length; i++) {
            if (body[i] == target[0] && startsWith(body, i, target)) {
                return i;
            }
        }
        return -1;
    }
}
