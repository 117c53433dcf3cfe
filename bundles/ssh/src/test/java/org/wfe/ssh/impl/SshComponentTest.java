package org.wfe.ssh.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** The DS component driven as SCR would: activate with a configuration, deactivate. */
class SshComponentTest {

    @TempDir
    Path home;
    GogoFixture gogo;
    SshComponent component;

    @BeforeEach
    void setUp() {
        gogo = new GogoFixture();
        component = new SshComponent();
        component.processor = gogo.processor;
    }

    @AfterEach
    void tearDown() {
        component.deactivate();
        gogo.close();
    }

    @Test
    void activateServesGogoFromTheHomeAndDeactivateRemovesThePortFile() throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/admin.password"), "pw\n");
        component.users = new FileUsers(home.resolve("etc/admin.password"));

        component.activate(context(home), config(true, "127.0.0.1", 0, 60));

        assertTrue(Files.isRegularFile(home.resolve("etc/ssh/host.key")), "host key generated at activation");
        int port = Integer.parseInt(Files.readString(home.resolve("var/run/ssh.port")).strip());
        try (SshTestClient client = new SshTestClient(port);
                ClientSession session = client.loggedIn("admin", "pw")) {
            assertEquals("hi", SshTestClient.exec(session, "echo hi").out().strip());
        }

        component.deactivate();
        assertFalse(Files.exists(home.resolve("var/run/ssh.port")));
        try (SshTestClient client = new SshTestClient(port)) {
            assertThrows(IOException.class, () -> client.connect("admin").close(), "nothing listens any more");
        }
    }

    @Test
    void disabledStartsNothing() throws IOException {
        component.activate(context(home), config(false, "127.0.0.1", 0, 60));

        assertFalse(Files.exists(home.resolve("var/run/ssh.port")));
        assertFalse(Files.exists(home.resolve("etc/ssh/host.key")));
    }

    @Test
    void anInvalidPortIsAClearActivationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> component.activate(context(home), config(true, "127.0.0.1", 70_000, 60)));
        assertTrue(e.getMessage().contains("port must be within 0..65535"), e.getMessage());
        assertFalse(Files.exists(home.resolve("var/run/ssh.port")));
    }

    private static BundleContext context(Path home) {
        return (BundleContext) Proxy.newProxyInstance(SshComponentTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> SshHome.HOME_PROPERTY.equals(args[0]) ? home.toString()
                            : System.getProperty((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The configuration as SCR hands it over: an implementation of the annotation. */
    private static SshComponent.Config config(boolean enabled, String host, int port, long idleTimeout) {
        Map<String, Object> values = Map.of("enabled", enabled, "host", host, "port", port, "idleTimeout", idleTimeout);
        return (SshComponent.Config) Proxy.newProxyInstance(SshComponentTest.class.getClassLoader(),
                new Class<?>[] {SshComponent.Config.class}, (proxy, method, args) -> {
                    Object value = values.get(method.getName());
                    if (value == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return value;
                });
    }
}
