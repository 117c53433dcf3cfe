package org.wfe.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One engine for every test class of this module, started with {@code ./wfe start} on a temporary home with
 * the fixture and hello bundles in deploy/, and stopped once all tests ran (a root-store resource). The
 * helpers talk to it the way operators do: HTTP with the admin password, {@code ./wfe exec}.
 */
final class Engine implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final Path checkout = Path.of(System.getProperty("wfe.checkout", "../..")).toAbsolutePath().normalize();
    final Path home;
    final String base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    record Reply(int status, JsonNode json, HttpResponse<String> response) {
    }

    static Engine get(ExtensionContext ctx) {
        return ctx.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Engine.class, k -> {
            try {
                return new Engine();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the engine: " + e.getMessage(), e);
            }
        }, Engine.class);
    }

    private Engine() throws IOException, InterruptedException {
        home = Files.createTempDirectory("wfe-console-test");
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        for (String module : List.of("tasklet-bundles/fixtures", "tasklet-bundles/hello")) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(checkout.resolve(module).resolve("target"), "*.jar")) {
                for (Path jar : jars) {
                    Files.copy(jar, deploy.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Result r = wfe(Duration.ofMinutes(3), "start");
        if (r.exit() != 0) {
            throw new IllegalStateException("./wfe start failed: " + r.all());
        }
        String port = statusProperty("http.port");
        base = "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        wfe(Duration.ofMinutes(2), "stop");
    }

    Result wfe(String... args) throws IOException, InterruptedException {
        return wfe(Duration.ofMinutes(2), args);
    }

    Result wfe(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(checkout.resolve("wfe").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(checkout.toFile());
        Map<String, String> env = pb.environment();
        env.put("WFE_HOME", home.toString());
        env.put("WFE_ENGINE_JAR", checkout.resolve("runtime/target/engine.jar").toString());
        env.put("WFE_STOP_TIMEOUT", "60");
        Path out = Files.createTempFile("wfe-out", ".txt");
        Path err = Files.createTempFile("wfe-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("./wfe " + String.join(" ", args) + " did not finish within " + timeout);
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    String password() throws IOException {
        return Files.readString(home.resolve("etc/admin.password")).strip();
    }

    String basicAuth() throws IOException {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password()).getBytes(StandardCharsets.UTF_8));
    }

    String statusProperty(String key) throws IOException {
        for (String line : Files.readAllLines(home.resolve("var/run/status.properties"))) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        return null;
    }

    /** An API call as admin; body null for GET. */
    Reply api(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, base + "/wfe/api/v1" + path, body, basicAuth());
    }

    Reply call(String method, String url, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            json = JSON.readTree(r.body());
        }
        return new Reply(r.statusCode(), json, r);
    }

    /** Starts an actor action without waiting; returns the job guid. */
    String startAsync(String actor, String action, String paramsJson) throws IOException, InterruptedException {
        Reply r = api("POST", "/actions/actor/" + actor + "/" + action + "?wait=false", "{\"params\":" + paramsJson + "}");
        if (r.status() != 202) {
            throw new AssertionError("start " + actor + "." + action + ": " + r.status() + " " + r.response().body());
        }
        return r.json().get("jobGuid").asText();
    }

    String jobStatus(String guid) throws IOException, InterruptedException {
        return api("GET", "/jobs/" + guid, null).json().get("status").asText();
    }
}
