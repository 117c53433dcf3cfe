package org.wfe.bench.startup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One container process (the engine jar or the bare platform jar) with its own home, watched from outside
 * through the Web Console's JSON, so that both are judged by the same "every bundle active" criterion.
 */
final class Container implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern STATUS = Pattern.compile("\"s\":\\[(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\]");

    final Path home;
    final Process process;
    private final String credentials;
    private final long startNanos;
    private final int port;

    /** @param engine true for the engine (generated password), false for the bare platform (admin/admin). */
    Container(Path java, Path jar, Path home, boolean engine) throws IOException {
        this.home = home;
        Files.createDirectories(home.resolve("deploy"));
        this.port = freePort();
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dorg.osgi.service.http.port=" + port,
                "--sun-misc-unsafe-memory-access=allow", "-Dwfe.home=" + home, "-Dfelix.fileinstall.dir=" + home.resolve("deploy"),
                "-Dgosh.home=" + home));
        if (engine) {
            cmd.add("-Dfelix.webconsole.password={sha-256}locked");
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        this.startNanos = System.nanoTime();
        this.process = new ProcessBuilder(cmd).directory(home.toFile())
                .redirectOutput(home.resolve("stdout.log").toFile()).redirectError(home.resolve("stderr.log").toFile()).start();
        this.credentials = engine ? null : "admin:admin";
    }

    /** Milliseconds from process start until the console reports every bundle active. */
    double awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("container exited: see " + home.resolve("stderr.log"));
            }
            String json = bundlesJson();
            if (json != null) {
                Matcher m = STATUS.matcher(json);
                if (m.find() && Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3)) == Integer.parseInt(m.group(1))) {
                    return (System.nanoTime() - startNanos) / 1e6;
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("not ready within " + timeout);
    }

    /** Copies a bundle into deploy/ and returns milliseconds until the console shows it Active. */
    double hotDeploy(Path jar, String bsn, String fileName) throws Exception {
        Path target = home.resolve("deploy").resolve(fileName);
        long t0 = System.nanoTime();
        Files.copy(jar, target);
        while (System.nanoTime() - t0 < 30_000_000_000L) {
            String json = bundlesJson();
            if (json != null && isActive(json, bsn)) {
                double ms = (System.nanoTime() - t0) / 1e6;
                Files.delete(target);
                long t1 = System.nanoTime();
                while (System.nanoTime() - t1 < 30_000_000_000L && bundlesJson() != null && bundlesJson().contains("\"" + bsn + "\"")) {
                    Thread.sleep(10);
                }
                return ms;
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException(bsn + " not active within 30 s");
    }

    /** Key order in the console's JSON is not fixed: find the bundle's object, then its state. */
    private static boolean isActive(String json, String bsn) {
        Matcher m = Pattern.compile("\\{[^{}]*\"symbolicName\":\"" + Pattern.quote(bsn) + "\"[^{}]*\\}").matcher(json);
        return m.find() && m.group().contains("\"state\":\"Active\"");
    }

    private String bundlesJson() {
        try {
            String port = httpPort();
            if (port == null) {
                return null;
            }
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/system/console/bundles.json"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(creds().getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String creds() throws IOException {
        return credentials != null ? credentials : "admin:" + Files.readString(home.resolve("etc/admin.password")).strip();
    }

    private String httpPort() {
        return String.valueOf(port);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
