package dev.modelport.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelport.gateway.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultipartFormTest {

    static final String TYPE = "multipart/form-data; boundary=XyZ";
    static final String FORM = "--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nteam-a/whisper\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
            + "Content-Type: audio/wav\r\n\r\nRIFF--XyZ\r\n\u0000\r\n"
            + "--XyZ--\r\n";

    @Test
    void shouldReadTheFieldsAndReplaceOneKeepingEveryOtherByte() throws GatewayException {
        MultipartForm form = MultipartForm.parse(bytes(FORM), TYPE);

        assertThat(form.field("model")).isEqualTo("team-a/whisper");
        assertThat(form.field("file")).as("a file is not a field").isNull();
        assertThat(form.has("file")).isTrue();
        assertThat(text(form.withField("model", "whisper-1")))
                .isEqualTo(FORM.replace("team-a/whisper", "whisper-1"));
    }

    @Test
    void shouldAddAFieldTheFormLacksBeforeTheClosingBoundary() throws GatewayException {
        String fileOnly = FORM.substring(FORM.indexOf("--XyZ\r\nContent-Disposition: form-data; name=\"file\""));
        MultipartForm form = MultipartForm.parse(bytes(fileOnly), "multipart/form-data; boundary=\"XyZ\"");

        byte[] added = form.withField("model", "whisper-1");

        assertThat(MultipartForm.parse(added, TYPE).field("model")).isEqualTo("whisper-1");
        assertThat(text(added)).endsWith("\r\n--XyZ--\r\n").contains("RIFF--XyZ\r\n\u0000");
    }

    @Test
    void shouldRefuseAFormWithoutBoundaryOrClosingDelimiter() {
        assertThatThrownBy(() -> MultipartForm.parse(bytes(FORM), "multipart/form-data"))
                .isInstanceOf(GatewayException.class).hasMessageContaining("boundary");
        assertThatThrownBy(() -> MultipartForm.parse(bytes(FORM.substring(0, FORM.length() - 12)), TYPE))
                .isInstanceOf(GatewayException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> MultipartForm.parse(bytes("--XyZ\r\nX-Other: 1\r\n\r\nv\r\n--XyZ--"), TYPE))
                .isInstanceOf(GatewayException.class).hasMessageContaining("Content-Disposition");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
