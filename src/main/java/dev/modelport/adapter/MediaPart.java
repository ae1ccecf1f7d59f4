package dev.modelport.adapter;

/**
 * An image or audio input of an invocation, either inline (base64 data with its media type) or by URL.
 * Exactly one of url and data is set.
 */
public record MediaPart(Kind kind, String mediaType, String url, String data) {

    public enum Kind {
        IMAGE,
        AUDIO
    }

    public static MediaPart imageUrl(String url) {
        return new MediaPart(Kind.IMAGE, null, url, null);
    }

    public static MediaPart inline(Kind kind, String mediaType, String base64) {
        return new MediaPart(kind, mediaType, null, base64);
    }

    @Override
    public String toString() {
        return "MediaPart[" + kind + ", " + (url != null ? "url" : mediaType + ", " + data.length() + " base64 chars")
                + "]";
    }
}
