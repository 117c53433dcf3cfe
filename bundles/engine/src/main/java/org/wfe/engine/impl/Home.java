package org.wfe.engine.impl;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import org.osgi.framework.BundleContext;

/** The engine's home folder and the few files the engine and its launcher share there. */
record Home(Path root) {

    static final String HOME_PROPERTY = "wfe.home";

    static Home of(BundleContext ctx) {
        String h = ctx.getProperty(HOME_PROPERTY);
        return new Home(Path.of(h == null || h.isBlank() ? "." : h).toAbsolutePath().normalize());
    }

    Path etc() {
        return root.resolve("etc");
    }

    Path deploy() {
        return root.resolve("deploy");
    }

    Path run() {
        return root.resolve("var/run");
    }

    Path adminPassword() {
        return etc().resolve("admin.password");
    }

    void createFolders() throws IOException {
        for (Path p : new Path[] {etc(), deploy(), run(), root.resolve("var/log"), root.resolve("var/db")}) {
            Files.createDirectories(p);
        }
    }

    /** Writes a file so that a reader sees the old or the new content, never half of it. */
    static void writeAtomically(Path file, String content, boolean ownerOnly) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        if (ownerOnly) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String properties(Map<String, ?> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append('=').append(v == null ? "" : v.toString().replace("\n", " ")).append('\n'));
        return sb.toString();
    }

    static Properties read(Path file) {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            // absent or unreadable: empty
        }
        return p;
    }
}
