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
 * itself): portable, and one exec more than {@link PosixSpawn}.
 */
final class JdkLauncher implements Launcher {

    static final boolean SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"));

    @Override
    public String name() {
        return SETSID ? "jdk+setsid" : "jdk";
    }

    @Override
    public Launched launch(List<String> command, Path dir, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(command.size() + 2);
        if (SETSID) {
            cmd.add("setsid");
            cmd.add("-w");
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
