package org.wfe.engine.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

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

    /**
     * Writes a file so that a reader sees the old or the new content, never half of it. An owner-only file
     * is created 0600 in the same call that creates it (never chmod after the write: a reader that opened
     * it in between would keep its handle), and a stale {@code .tmp}, even a planted symlink, is replaced.
     */
    static void writeAtomically(Path file, String content, boolean ownerOnly) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Set<OpenOption> create = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean posix = Files.getFileStore(file.getParent()).supportsFileAttributeView("posix");
        try (var out = ownerOnly && posix
                ? Files.newByteChannel(tmp, create, PosixFilePermissions.asFileAttribute(PrivateHome.OWNER_ONLY))
                : Files.newByteChannel(tmp, create)) {
            ByteBuffer b = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                out.write(b);
            }
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
