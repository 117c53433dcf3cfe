package org.wfe.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./wfe} as a real process against one engine home, the way an operator does. */
final class Wfe {
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    final Path checkout = Path.of(System.getProperty("wfe.checkout", "../..")).toAbsolutePath().normalize();
    final Path home;

    Wfe(Path home) {
        this.home = home;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(Duration.ofMinutes(3), args);
    }

    Result run(Duration timeout, String... args) throws IOException, InterruptedException {
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

    String adminPassword() throws IOException {
        return Files.readString(home.resolve("etc/admin.password")).strip();
    }

    String statusProperty(String key) throws IOException {
        for (String line : Files.readAllLines(home.resolve("var/run/status.properties"))) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        return null;
    }
}
