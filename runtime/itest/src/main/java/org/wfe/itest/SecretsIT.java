package org.wfe.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.wfe.api.agent.AgentController;

/** Secrets stay out of service properties (every bundle, the Web Console's Services page and its status zip read those). */
class SecretsIT {
    private static final String PASSWORD = "itest-xmpp-s3cret";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void theXmppPasswordIsNoServiceProperty() throws Exception {
        Configuration c = configAdmin.getConfiguration("org.wfe.agentcontroller", "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("password", PASSWORD);
        p.put("truststore.password", PASSWORD);
        p.put("itest.marker", "secrets");
        c.update(p);
        try {
            // the component restarts with the new configuration: wait for the service that carries it
            ServiceReference<?> ref = await().atMost(Duration.ofSeconds(30)).until(
                    () -> context.getServiceReferences(AgentController.class, "(itest.marker=secrets)").stream().findFirst(),
                    java.util.Optional::isPresent).orElseThrow();
            List<String> leaks = new ArrayList<>();
            for (ServiceReference<?> r : context.getAllServiceReferences(null, null)) {
                for (String k : r.getPropertyKeys()) {
                    Object v = r.getProperty(k);
                    String text = v instanceof Object[] a ? Arrays.toString(a) : String.valueOf(v);
                    if (text.contains(PASSWORD)) {
                        leaks.add(r.getProperty("objectClass") instanceof String[] oc ? oc[0] + "." + k : k);
                    }
                }
            }
            assertEquals(List.of(), leaks, "service properties holding the password");
            assertEquals(null, ref.getProperty("password"));
        } finally {
            c.delete();
        }
    }

    @Test
    void theHomeIsPrivate() throws Exception {
        Path home = Path.of(context.getProperty("wfe.home"));
        for (String d : List.of("etc", "var", "var/run", "var/db", "deploy")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(d))), d);
        }
        Path probe = Files.writeString(home.resolve("var/run/itest-probe"), "x");
        try {
            assertTrue(PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)).endsWith("------"),
                    "the engine's umask lets others read new files: " + Files.getPosixFilePermissions(probe));
        } finally {
            Files.delete(probe);
        }
    }
}
