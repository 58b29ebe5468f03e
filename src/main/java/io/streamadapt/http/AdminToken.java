package io.streamadapt.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The admin routes' bearer token. Compared as SHA-256 digests with {@link MessageDigest#isEqual}, which takes the same
 * time wherever the first difference is, so neither the token's content nor its length leaks through timing.
 */
final class AdminToken {
    private final byte[] digest;

    AdminToken(String token) {
        this.digest = token == null || token.isBlank() ? null : sha256(token.trim());
    }

    boolean configured() {
        return digest != null;
    }

    /** Whether an {@code Authorization} header carries this token. */
    boolean matches(String authorization) {
        if (digest == null || authorization == null) {
            return false;
        }
        String prefix = "Bearer ";
        if (authorization.length() < prefix.length() || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(prefix.length()).trim()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
