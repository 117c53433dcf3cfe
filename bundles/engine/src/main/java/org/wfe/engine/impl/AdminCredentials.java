package org.wfe.engine.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing starts with a well-known password: on first start a random password for {@code admin} is
 * written to {@code etc/admin.password} (mode 0600) and handed, hashed, to the Web Console. SSH reads the
 * same file. The framework property {@code felix.webconsole.password} holds a hash nobody matches until
 * this component has run, so the console's built-in admin/admin never works.
 */
@Component(immediate = true, service = {})
public class AdminCredentials {
    static final String WEBCONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    private static final Logger LOG = LoggerFactory.getLogger(AdminCredentials.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Reference
    ConfigurationAdmin configAdmin;

    @Activate
    void activate(BundleContext ctx) throws IOException {
        Home home = Home.of(ctx);
        home.createFolders();
        String password = ensurePassword(home.adminPassword());
        Configuration c = configAdmin.getConfiguration(WEBCONSOLE_PID, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        if (c.getProperties() != null) {
            var keys = c.getProperties().keys();
            while (keys.hasMoreElements()) {
                String k = keys.nextElement();
                props.put(k, c.getProperties().get(k));
            }
        }
        props.put("username", "admin");
        props.put("password", hash(password));
        props.put("realm", "Workflow engine");
        c.update(props);
        LOG.info("Web Console and SSH user 'admin'; its password is in {}", home.adminPassword());
    }

    /** Reads the password, creating it when absent. */
    static String ensurePassword(Path file) throws IOException {
        if (Files.exists(file)) {
            String pw = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!pw.isEmpty()) {
                return pw;
            }
        }
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(file.getParent());
        Home.writeAtomically(file, pw + "\n", true);
        return pw;
    }

    /** The Web Console's salted, iterated hash format: {@code {sha-256}SALT-ITERATIONS-BASE64}. */
    static String hash(String password) {
        byte[] saltBytes = new byte[8];
        RANDOM.nextBytes(saltBytes);
        String salt = HexFormat.of().formatHex(saltBytes);
        int iterations = 1000;
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] b = (salt + password).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                md.reset();
                b = md.digest(b);
            }
            return "{sha-256}" + salt + "-" + iterations + "-" + Base64.getEncoder().encodeToString(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
