package org.wfe.engine.impl;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Makes the home private at every start: its folders 0700, and what the engine owns there (the store, logs,
 * status and pid files, ConfigAdmin's copy of every configuration in the framework storage, generated keys
 * and passwords) owner-only. An operator's {@code etc/*.cfg} is theirs: it is not changed, but each one
 * others can read is reported, since it may hold the XMPP or database password.
 */
final class PrivateHome {
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateHome() {
    }

    /**
     * Creates the home's folders and tightens them; {@code storage} (the framework's, may be null) too.
     * Returns one warning per operator file others can read.
     */
    static List<String> tighten(Home home, Path storage) throws IOException {
        if (!Files.getFileStore(existing(home.root())).supportsFileAttributeView("posix")) {
            return List.of(); // no POSIX modes (Windows): nothing to tighten
        }
        for (Path p : new Path[] {home.etc(), home.deploy(), home.root().resolve("var"), home.run(),
                home.root().resolve("var/log"), home.root().resolve("var/db")}) {
            Files.createDirectories(p);
            Files.setPosixFilePermissions(p, FOLDER);
        }
        List<String> warnings = new ArrayList<>();
        privateTree(home.root().resolve("var"), null, warnings);
        privateTree(home.etc(), f -> {
            if (f.getParent().equals(home.etc()) && operators(f.getFileName().toString())) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS);
                if (perms.stream().anyMatch(OTHERS::contains)) {
                    warnings.add(f + " is readable by others (" + PosixFilePermissions.toString(perms)
                            + "); it may hold a password: chmod 600 " + f);
                }
                return false; // the operator's file: report, do not change
            }
            return true;
        }, warnings);
        if (storage != null && Files.isDirectory(storage)) {
            Files.setPosixFilePermissions(storage, FOLDER);
            if (!storage.toAbsolutePath().normalize().startsWith(home.root().resolve("var"))) { // else walked above
                privateTree(storage, null, warnings);
            }
        }
        return warnings;
    }

    /** The configuration files FileInstall reads from etc/ (EtcWatcher's filter). */
    private static boolean operators(String name) {
        return name.endsWith(".cfg") || name.endsWith(".config");
    }

    interface Owned {
        boolean test(Path file) throws IOException;
    }

    /**
     * Folders 0700, files without group/other bits (unless {@code owned} says the file is not ours). A file
     * that cannot be changed (another user's) is reported, not fatal: the engine still starts.
     */
    private static void privateTree(Path root, Owned owned, List<String> warnings) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                try {
                    Files.setPosixFilePermissions(dir, FOLDER);
                } catch (IOException e) {
                    warnings.add("cannot make " + dir + " private (0700): " + e);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                try {
                    if (attrs.isRegularFile() && (owned == null || owned.test(file))) {
                        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
                        if (perms.removeAll(OTHERS)) {
                            Files.setPosixFilePermissions(file, perms);
                        }
                    }
                } catch (IOException e) {
                    warnings.add("cannot make " + file + " owner-only: " + e);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // a file that went away meanwhile (a log rolled, a tmp moved)
            }
        });
    }

    private static Path existing(Path p) {
        Path q = p;
        while (q != null && !Files.exists(q)) {
            q = q.getParent();
        }
        return q == null ? p : q;
    }
}
