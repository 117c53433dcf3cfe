package org.wfe.api.user;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A name and password as a client sent them; the one parser of HTTP Basic {@code Authorization} headers (the
 * API and the Web Console both use it).
 */
public record Credentials(String name, String password) {

    /** The credentials of a {@code Basic} header, or null when the header is absent or malformed. */
    public static Credentials fromBasicHeader(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "Credentials[name=" + name + "]"; // never the password, not even in a debugger's log line
    }
}
