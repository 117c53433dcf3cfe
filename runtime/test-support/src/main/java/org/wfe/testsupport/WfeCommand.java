package org.wfe.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./wfe} of the checkout as a real process against one engine home, the way an operator does. */
public final class WfeCommand {

    public record Result(int exit, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    public final Path checkout = checkout();
    public final Path home;
    /** More environment for every ./wfe run (e.g. WFE_JAVA_OPTS). */
    public final Map<String, String> env = new java.util.HashMap<>();

    public WfeCommand(Path home) {
        this.home = home;
    }

    /** The checkout under test: system property {@code wfe.checkout}, set by each module's surefire configuration. */
    public static Path checkout() {
        return Path.of(System.getProperty("wfe.checkout", "../..")).toAbsolutePath().normalize();
    }

    public Result run(String... args) throws IOException, InterruptedException {
        return run(Duration.ofMinutes(3), args);
    }

    public Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(checkout.resolve("wfe").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(checkout.toFile());
        Map<String, String> env = pb.environment();
        env.put("WFE_HOME", home.toString());
        env.put("WFE_ENGINE_JAR", checkout.resolve("runtime/target/engine.jar").toString());
        env.put("WFE_STOP_TIMEOUT", "60");
        env.putAll(this.env);
        Path out = Files.createTempFile("wfe-out", ".txt");
        Path err = Files.createTempFile("wfe-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
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

    public String adminPassword() throws IOException {
        return Files.readString(home.resolve("etc/admin.password")).strip();
    }

    /** A value of {@code var/run/status.properties}, which the running engine keeps current. */
    public String statusProperty(String key) throws IOException {
        for (String line : Files.readAllLines(home.resolve("var/run/status.properties"))) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        return null;
    }

    /** Copies the jar built by a module of the checkout (e.g. {@code tasklet-bundles/fixtures}) into deploy/. */
    public void deploy(String module) throws IOException {
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        try (var jars = Files.newDirectoryStream(checkout.resolve(module).resolve("target"), "*.jar")) {
            for (Path jar : jars) {
                Files.copy(jar, deploy.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
