package org.wfe.agent.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Script files by content: an action runs the same script again and again (its params come on stdin), so
 * each distinct script is written once, under {@code scripts/} named by its SHA-256, and reused while this
 * executor lives, with no file to create on a script's way. Files are never removed while the executor
 * runs (so none can vanish under a starting script); their number and size are capped, and past the cap a
 * script is written into its job's folder as before. Files of an earlier agent run are removed at start.
 */
final class ScriptFiles {

    static final int MAX_FILES = 1024;
    static final int MAX_CHARS = 64 * 1024;

    private final Path root;
    private final String prefix;
    private final ConcurrentHashMap<String, Path> files = new ConcurrentHashMap<>();

    ScriptFiles(Path root, String prefix) {
        this.root = root;
        this.prefix = prefix;
        Thread.ofPlatform().name("wfe-script-files-cleanup").daemon()
                .start(() -> Incarnations.removeLeftovers(root, f -> f.toFile().delete()));
    }

    /** The file holding {@code script}: shared by content, or written into {@code jobFolder}. */
    Path fileFor(String script, Path jobFolder) throws IOException {
        String key = script.length() <= MAX_CHARS ? sha256(script) : null;
        if (key == null || (files.size() >= MAX_FILES && !files.containsKey(key))) {
            return Files.writeString(jobFolder.resolve(ScriptExecutor.SCRIPT_FILE), script, StandardCharsets.UTF_8);
        }
        try {
            // written completely before any other job can get it: computeIfAbsent holds others back meanwhile
            Path f = files.computeIfAbsent(key, k -> write(root.resolve(prefix + k), script));
            if (!Files.isRegularFile(f)) { // removed behind our back (a cleaner of old files): write it again
                files.remove(key, f);
                f = files.computeIfAbsent(key, k -> write(root.resolve(prefix + k), script));
            }
            return f;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Path write(Path file, String script) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
