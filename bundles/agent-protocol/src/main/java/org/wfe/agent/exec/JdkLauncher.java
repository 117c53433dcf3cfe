package org.wfe.agent.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link ProcessBuilder}, behind {@code setsid -w} where there is one (the JDK cannot make a session
 * itself): portable, and one exec more than {@link PosixSpawn}. Then {@code env --default-signal} where the
 * system's env has it (coreutils 8.31 and later): an agent started under {@code nohup} or by a service manager that
 * ignores a signal passes that on through exec, and a shell cannot undo it for its script (POSIX: a signal ignored on
 * entry stays ignored) — a script that then never dies of SIGHUP or SIGINT is not what its writer tested.
 */
final class JdkLauncher implements Launcher {

    static final boolean SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"));
    static final boolean DEFAULT_SIGNALS = envResetsSignals();

    /** Whether {@code env --default-signal} works here (busybox and older coreutils lack it): asked once. */
    private static boolean envResetsSignals() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal", "true").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String name() {
        return (SETSID ? "jdk+setsid" : "jdk") + (DEFAULT_SIGNALS ? "+env" : "");
    }

    @Override
    public Launched launch(List<String> command, Path dir, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(command.size() + 4);
        if (SETSID) {
            cmd.add("setsid");
            cmd.add("-w");
        }
        if (DEFAULT_SIGNALS) {
            cmd.add("env");
            cmd.add("--default-signal");
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        return new Launched() {
            @Override
            public long pid() {
                return p.pid();
            }

            @Override
            public long pgid() {
                return SETSID ? p.pid() : -1;
            }

            @Override
            public OutputStream stdin() {
                return p.getOutputStream();
            }

            @Override
            public InputStream stdout() {
                return p.getInputStream();
            }

            @Override
            public InputStream stderr() {
                return p.getErrorStream();
            }

            @Override
            public int waitFor() {
                while (true) {
                    try {
                        return p.waitFor();
                    } catch (InterruptedException e) {
                        // keep waiting: the result must come
                    }
                }
            }
        };
    }
}
