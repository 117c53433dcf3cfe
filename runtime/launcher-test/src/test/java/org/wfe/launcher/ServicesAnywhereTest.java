package org.wfe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.testsupport.WfeCommand;

/**
 * The newcomer's first wall: {@code ./wfe test} from a checkout under a folder other users cannot enter
 * (root's home, a mktemp -d). initdb runs as postgres, who could not read its password file there. The
 * test services now start and stop from such a checkout, and leave nothing readable by others.
 */
class ServicesAnywhereTest {
    @TempDir
    Path dir;

    @Test
    void theTestServicesStartAndStopFromACheckoutUnderAPrivateFolder() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------")); // as mktemp -d makes it
        Path checkout = dir.resolve("checkout");
        for (String sub : List.of("cnf/services", "cnf/scripts")) {
            copy(WfeCommand.checkout().resolve(sub), checkout.resolve(sub));
        }
        Path services = checkout.resolve("cnf/services/services.sh");
        Path state = checkout.resolve("target/services");
        String out = run(services.toString(), "start", state.toString());
        try {
            Map<String, String> env = env(state.resolve("services.env"));
            String url = env.get("WFE_TEST_PG_URL");
            assertTrue(url != null && url.startsWith("jdbc:postgresql://127.0.0.1:"), out);
            String port = url.replaceAll(".*:(\\d+)/.*", "$1");
            // the generated password works: the cluster was initialised with it
            Path psql = Path.of(env.get("WFE_TEST_PG_BIN"), "psql");
            String one = runWith(Map.of("PGPASSWORD", env.get("WFE_TEST_PG_PASSWORD")), psql.toString(), "-h", "127.0.0.1", "-p", port,
                    "-U", "postgres", "-tAc", "select 1", "postgres");
            assertEquals("1", one.strip());
            assertTrue(env.containsKey("WFE_TEST_XMPP_PORT"), "no Prosody: " + out);

            Path data = Path.of(env.get("WFE_TEST_PG_DATA")).getParent();
            if (Nobody.isRoot()) {
                assertFalse(data.startsWith(dir), "the cluster of the postgres user lies in a folder it cannot enter: " + data);
                assertEquals(List.of(), Nobody.readable(data), "the cluster is open to others");
            }
            try (Stream<Path> s = Files.walk(state)) { // inside a 0700 folder nobody gets in: look at the modes
                List<String> open = s.filter(p -> !Files.isSymbolicLink(p)).filter(p -> {
                    try {
                        return !PosixFilePermissions.toString(Files.getPosixFilePermissions(p)).endsWith("------");
                    } catch (IOException e) {
                        return false;
                    }
                }).map(Path::toString).toList();
                assertEquals(List.of(), open, "test passwords and accounts open to group or others");
            }
            assertEquals(0, runExit(env.get("WFE_TEST_PG_BIN") + "/pg_isready", "-q", "-h", "127.0.0.1", "-p", port));

            run(services.toString(), "stop", state.toString());
            assertNotEquals(0, runExit(env.get("WFE_TEST_PG_BIN") + "/pg_isready", "-q", "-h", "127.0.0.1", "-p", port, "-t", "1"));
            if (Nobody.isRoot()) {
                assertFalse(Files.exists(data), "stop leaves the cluster behind in " + data);
            }
            assertFalse(Files.exists(state.resolve("services.env")));
        } finally {
            runExit(services.toString(), "stop", state.toString());
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static Map<String, String> env(Path file) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    private static String run(String... cmd) throws Exception {
        return runWith(Map.of(), cmd);
    }

    private static String runWith(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish");
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    private static int runExit(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
