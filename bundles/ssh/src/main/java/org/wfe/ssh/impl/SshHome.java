package org.wfe.ssh.impl;

import java.nio.file.Path;

/**
 * Where the SSH server keeps its files inside the engine's home ({@code wfe.home}): one place for the layout that
 * the launcher script relies on.
 */
public record SshHome(Path root) {

    static final String HOME_PROPERTY = "wfe.home";

    public SshHome {
        root = root.toAbsolutePath().normalize();
    }

    /** The home named by the framework property {@code wfe.home}, else the current directory. */
    static SshHome of(String configured) {
        return new SshHome(Path.of(configured == null || configured.isBlank() ? "" : configured.trim()));
    }

    public Path hostKey() {
        return root.resolve("etc/ssh/host.key");
    }

    public Path authorizedKeys() {
        return root.resolve("etc/ssh/authorized_keys");
    }

    public Path adminPassword() {
        return root.resolve("etc/admin.password");
    }

    /** Read by {@code ./wfe exec} and {@code ./wfe shell} to find the port actually bound. */
    public Path portFile() {
        return root.resolve("var/run/ssh.port");
    }
}
