package org.wfe.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Another user of the machine: reads as {@code nobody} (uid/gid 65534, no groups) through setpriv. The tests
 * run as root, who reads everything, so what others can read is only seen this way.
 */
final class Nobody {
    private Nobody() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static void assumeAvailable() throws Exception {
        Assumptions.assumeTrue(isRoot(), "only root can switch to nobody");
        Assumptions.assumeTrue("ok".equals(run("echo ok").strip()), "setpriv not available");
    }

    /**
     * Every path under {@code root} (root included) that nobody can read, list or enter, one per line; the
     * tree is walked as root and each path tried as nobody (test -r, cat, ls).
     */
    static List<String> readable(Path root) throws Exception {
        List<String> paths;
        try (Stream<Path> s = Files.walk(root)) {
            paths = s.map(Path::toString).toList();
        }
        String out = run("while IFS= read -r f; do if [ -d \"$f\" ]; then ls \"$f\" >/dev/null 2>&1 && echo \"$f\";"
                + " elif cat \"$f\" >/dev/null 2>&1; then echo \"$f\"; fi; done", String.join("\n", paths) + "\n");
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }

    private static String run(String script) throws Exception {
        return run(script, "");
    }

    private static String run(String script, String stdin) throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c",
                script).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("setpriv did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("setpriv failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }
}
