package org.wfe.engine.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.user.Role;

/**
 * {@code etc/users.properties}: one line {@code NAME = HASH,ROLE} per user (Karaf's layout, with hashes only).
 * Read again whenever the file changes, so an edit or a {@code wfe:user-add} applies at once; written whole
 * to a 0600 temporary file and moved over the old one. A bad line is skipped with one log line naming it,
 * the other users keep working.
 */
final class UserFile {

    /** One stored user. */
    record Entry(String name, String hash, Role role) {
    }

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Logger LOG = LoggerFactory.getLogger(UserFile.class);

    private final Path file;
    private Map<String, Entry> entries = Map.of();
    private FileTime readModified;
    private long readSize = -1;

    UserFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** The users as the file holds them now. */
    synchronized Map<String, Entry> entries() {
        FileTime modified;
        long size;
        try {
            modified = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            entries = Map.of();
            readModified = null;
            return entries;
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}; keeping the users read before", file, e.toString());
            return entries;
        }
        if (!modified.equals(readModified) || size != readSize) {
            try {
                entries = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
                readModified = modified;
                readSize = size;
            } catch (IOException e) {
                LOG.warn("cannot read {}: {}; keeping the users read before", file, e.toString());
            }
        }
        return entries;
    }

    Map<String, Entry> parse(List<String> lines) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                Entry e = parseLine(line);
                if (out.put(e.name(), e) != null) {
                    throw new IllegalArgumentException("user '" + e.name() + "' is given twice (the last line wins)");
                }
            } catch (IllegalArgumentException e) {
                LOG.error("{} line {} skipped: {}", file, i + 1, e.getMessage());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static Entry parseLine(String line) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("expected NAME = HASH,ROLE");
        }
        String name = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        int comma = value.lastIndexOf(',');
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad user name (letters, digits, . _ -; at most 64)");
        }
        if (comma < 0) {
            throw new IllegalArgumentException("expected NAME = HASH,ROLE");
        }
        String hash = value.substring(0, comma).strip();
        if (!PasswordHash.isHash(hash)) {
            throw new IllegalArgumentException("the password of '" + name + "' is not a " + PasswordHash.PREFIX
                    + " hash (passwords are stored only as hashes: use wfe:user-passwd)");
        }
        return new Entry(name, hash, Role.parse(value.substring(comma + 1)));
    }

    /** Replaces the file with these users (0600 from its first byte). */
    synchronized void write(Map<String, Entry> users) throws IOException {
        StringBuilder sb = new StringBuilder("# wfe users: NAME = HASH,ROLE (viewer, operator, admin). Managed by\n"
                + "# wfe:user-add / wfe:user-passwd / wfe:user-remove; admin's password is etc/admin.password.\n");
        users.values().forEach(e -> sb.append(e.name()).append(" = ").append(e.hash()).append(',')
                .append(e.role().label()).append('\n'));
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, sb, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        readModified = Files.getLastModifiedTime(file);
        readSize = Files.size(file);
    }
}
