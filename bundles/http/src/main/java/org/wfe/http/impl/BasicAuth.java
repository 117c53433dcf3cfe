package org.wfe.http.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The Web Console's user for the API: {@code admin} with the password in {@code etc/admin.password}, read on
 * every request so that a changed password applies at once without a restart (the file is tiny).
 */
record BasicAuth(Path passwordFile) {

    static final String USER = "admin";
    static final String CHALLENGE = "Basic realm=\"Workflow engine\", charset=\"UTF-8\"";

    /** True when the Authorization header carries admin and the current password. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String expected;
        try {
            expected = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return false; // no password yet: nobody gets in
        }
        if (expected.isEmpty()) {
            return false;
        }
        // constant time on the password so that response times do not leak how much of it matched
        boolean user = decoded.substring(0, colon).equals(USER);
        boolean password = MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
        return user & password;
    }
}
