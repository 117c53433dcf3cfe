package org.wfe.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.TreeMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.testsupport.WfeCommand;

/**
 * The plain {@code java -jar runtime/target/engine.jar}, without the launcher: the Web Console's stock
 * {@code admin}/{@code admin} is refused from the first answer on (it used to work until the engine bundle had
 * configured the console), and the generated password works.
 */
class JavaJarTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path home;

    @Test
    void theStockAdminPasswordIsNeverAcceptedNotEvenDuringStartUp() throws Exception {
        Path jar = WfeCommand.checkout().resolve("runtime/target/engine.jar");
        assertTrue(Files.isRegularFile(jar), "build the runtime first: " + jar);
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // the engine needs a port known before it writes its status file
        }
        Process engine = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dwfe.home=" + home, "-Dorg.osgi.service.http.port=" + port, "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(home.resolveSibling(home.getFileName() + ".log").toFile()).start();
        Map<Integer, Integer> codes = new TreeMap<>();
        String url = "http://127.0.0.1:" + port + "/system/console/bundles";
        try {
            int[] last = {0};
            // from the first connection until the engine is up, ask with admin/admin every 10 ms
            // (404 while the console waits for the wfe security provider; 429 once the guesses are throttled)
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10)).until(() -> {
                last[0] = get(url, "admin:admin");
                codes.merge(last[0], 1, Integer::sum);
                assertTrue(last[0] == 0 || last[0] == 401 || last[0] == 404 || last[0] == 429 || last[0] == 503,
                        "admin/admin answered " + last[0] + " " + codes);
                return (last[0] == 401 || last[0] == 429) && Files.exists(home.resolve("var/run/status.properties"));
            });
            
            String password = Files.readString(home.resolve("etc/admin.password")).strip();
            // the guesses above earned admin@127.0.0.1 a short wait: the real password gets in once it is over
            await().atMost(Duration.ofSeconds(70)).pollInterval(Duration.ofMillis(500)).until(() -> get(url, "admin:" + password) == 200);
            System.out.println("FAULT the console's stock admin/admin with java -jar engine.jar: " + codes.values().stream()
                    .mapToInt(Integer::intValue).sum() + " attempts during start-up answered " + codes + " (0 = no connection), never 200");
        } finally {
            engine.destroy();
            if (!engine.waitFor(60, TimeUnit.SECONDS)) {
                engine.destroyForcibly();
            }
        }
    }

    /** The status code, 0 when nothing listens yet. */
    private static int get(String url, String user) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
