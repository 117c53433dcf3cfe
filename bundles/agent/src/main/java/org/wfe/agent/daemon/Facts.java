package org.wfe.agent.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The facts an agent measures about its machine, in the names of {@link org.wfe.agent.protocol.FactsReport#FACT_NAMES}.
 * Read from the JVM and {@code /etc/os-release} rather than by running {@code uname} and friends: no
 * process per report, and the same answer on any Linux.
 */
final class Facts {

    private Facts() {
    }

    static Map<String, String> measure() {
        Map<String, String> f = new TreeMap<>();
        put(f, "hostname", hostname());
        Map<String, String> release = osRelease(Path.of("/etc/os-release"));
        put(f, "os", release.getOrDefault("ID", System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT)));
        put(f, "os.version", release.get("VERSION_ID"));
        put(f, "kernel", System.getProperty("os.version"));
        put(f, "arch", arch(System.getProperty("os.arch")));
        put(f, "cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            put(f, "memory.mb", Long.toString(os.getTotalMemorySize() / (1024 * 1024)));
        }
        put(f, "agent.version", agentVersion());
        return f;
    }

    private static void put(Map<String, String> f, String k, String v) {
        if (v != null && !v.isBlank()) {
            String s = v.strip().replaceAll("\\p{Cntrl}", "");
            f.put(k, s.length() > 100 ? s.substring(0, 100) : s);
        }
    }

    /** Debian's names (amd64, arm64), which operators type, for the JVM's (amd64, aarch64). */
    private static String arch(String jvm) {
        return "aarch64".equals(jvm) ? "arm64" : jvm;
    }

    private static String hostname() {
        try {
            String etc = Files.isReadable(Path.of("/etc/hostname")) ? Files.readString(Path.of("/etc/hostname")).strip() : "";
            return etc.isEmpty() ? InetAddress.getLocalHost().getHostName() : etc;
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code KEY=value} lines of os-release(5), quotes removed. */
    static Map<String, String> osRelease(Path file) {
        Map<String, String> m = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    m.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip().replaceAll("^[\"']|[\"']$", ""));
                }
            }
        } catch (IOException e) {
            // not Linux, or a container without it: the JVM's os.name stands in
        }
        return m;
    }

    private static String agentVersion() {
        try (InputStream in = Facts.class.getResourceAsStream("/META-INF/maven/org.wfe/org.wfe.agent/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }
}
