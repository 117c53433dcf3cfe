package org.wfe.agent.swarm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Accounts for a test or benchmark Prosody written straight into its data folder, the files {@code prosodyctl
 * register} writes ({@code internal_hashed}: SCRAM-SHA-1 keys, RFC 5802). prosodyctl starts a Lua process per
 * account (0.4 s each: 7 minutes for 1,000 agents); these files take milliseconds, and Prosody reads an account's
 * file at each login, so the server may be running. Written here rather than taken from a library: no Java
 * library writes Prosody's storage, and the format is five lines. Every account gets the same password and salt
 * (one key derivation for all); this is for throw-away servers only.
 */
public final class ProsodyAccounts {

    /** Prosody 0.12's default for new accounts. */
    static final int ITERATIONS = 10_000;

    private ProsodyAccounts() {
    }

    /** Writes {@code DATA/HOST/accounts/USER.dat} for each user (replacing an older one), owner-readable only. */
    public static void write(Path dataDir, String host, Collection<String> users, String password) throws IOException {
        String salt = UUID.randomUUID().toString();
        byte[] salted = saltedPassword(password, salt);
        HexFormat hex = HexFormat.of();
        String body = "return {\n"
                + "\t[\"iteration_count\"] = " + ITERATIONS + ";\n"
                + "\t[\"stored_key\"] = \"" + hex.formatHex(sha1(hmac(salted, "Client Key"))) + "\";\n"
                + "\t[\"salt\"] = \"" + salt + "\";\n"
                + "\t[\"server_key\"] = \"" + hex.formatHex(hmac(salted, "Server Key")) + "\";\n"
                + "};\n";
        Path dir = Files.createDirectories(dataDir.resolve(encode(host)).resolve("accounts"));
        for (String user : users) {
            Path tmp = dir.resolve(encode(user) + ".dat.tmp");
            Files.writeString(tmp, body);
            Files.move(tmp, dir.resolve(encode(user) + ".dat"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Prosody's file name for a node or host: every byte but ASCII letters and digits as %xx (datamanager.lua). */
    static String encode(String name) {
        StringBuilder b = new StringBuilder();
        for (byte c : name.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02x", c & 0xff));
            }
        }
        return b.toString();
    }

    static byte[] saltedPassword(String password, String salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), ITERATIONS, 160);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA1 is missing from this JDK", e);
        }
    }

    static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
        }
    }

    static byte[] sha1(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }
}
