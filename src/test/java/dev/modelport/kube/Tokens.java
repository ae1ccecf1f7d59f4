package dev.modelport.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Service-account tokens the TokenRequest API would not issue: a real token of the cluster re-signed with the
 * cluster's own service-account key after its times were moved into the past, so that only its expiry is wrong.
 */
final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    /** The token with iat and nbf two hours ago and exp one hour ago, validly signed. */
    static String expired(String token) {
        long now = Instant.now().getEpochSecond();
        return resigned(token, now - 7200, now - 3600);
    }

    /** The token with new times, signed again with the cluster's service-account key. */
    static String resigned(String token, long issuedAt, long expiresAt) {
        String[] parts = token.split("\\.");
        try {
            ObjectNode claims = (ObjectNode) JSON.readTree(DECODER.decode(parts[1]));
            claims.put("iat", issuedAt).put("nbf", issuedAt).put("exp", expiresAt);
            String signed = parts[0] + "." + ENCODER.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(serviceAccountKey());
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + ENCODER.encodeToString(rs256.sign());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey serviceAccountKey() throws IOException, GeneralSecurityException {
        String pem = Files.readString(TestCluster.get().pki("service-account.key"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
