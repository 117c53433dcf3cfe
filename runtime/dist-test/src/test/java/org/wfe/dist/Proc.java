package org.wfe.dist;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end as a real process, with exactly the environment given (nothing inherited). */
final class Proc {
    record Result(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    private Proc() {
    }

    /**
     * A machine with only a JDK: PATH has the system tools, and in front of them {@code guard}, whose
     * {@code mvn}/{@code mvnw} fail and leave a marker, so a launcher that tries to build is caught.
     */
    static Map<String, String> bareEnv(Path guard) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", guard + ":/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        env.put("HOME", System.getProperty("user.home"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("LANG", "C.UTF-8");
        return env;
    }

    static Result run(Path dir, Map<String, String> env, Duration timeout, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile("dist-out", ".txt");
        Path err = Files.createTempFile("dist-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeout + "; output so far:\n"
                        + Files.readString(out) + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Result run(Path dir, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        return run(dir, env, Duration.ofMinutes(3), List.of(cmd));
    }

    /** Fails the test with the whole output when the command did not exit 0. */
    static Result ok(Result r, String what) {
        if (r.exit() != 0) {
            throw new AssertionError(what + " failed:\n" + r.all());
        }
        return r;
    }
}
