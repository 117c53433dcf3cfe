package org.wfe.agent.daemon;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.wfe.agent.exec.ExecLimits;
import org.wfe.agent.protocol.FactsReport;
import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.TransportCheck;
import org.wfe.agent.protocol.XmppSettings;

/**
 * The agent's settings, from a properties file and {@code key=value} arguments (arguments win). Keys:
 * xmppserver, port, domain, user, password, controller, tls, insecure, truststore, truststore.password, workdir,
 * labels ({@code role:web,dc:ams}, checked at start: {@link FactsReport#parseLabels}), facts.interval (seconds
 * between looks whether the facts changed, default 60).
 * {@code tls=disabled} towards a server that is not on this host is refused unless {@code insecure=true}, and then
 * warned at every start (the same rule as the engine's agent controller: {@link TransportCheck}).
 * Passwords never come from the command line (every user of the machine reads it with {@code ps}): they
 * come from the file, from {@code password.file=FILE}, or from the environment ({@value #PASSWORD_ENV},
 * {@value #TRUSTSTORE_PASSWORD_ENV}).
 */
public record AgentConfig(XmppSettings xmpp, String controller, Path workDir, ExecLimits limits, Map<String, String> labels,
        long factsIntervalSeconds) {

    /** Without labels, facts looked at every minute. */
    public AgentConfig(XmppSettings xmpp, String controller, Path workDir, ExecLimits limits) {
        this(xmpp, controller, workDir, limits, Map.of(), 60);
    }

    public AgentConfig {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    static final Set<String> KEYS = Set.of("xmppserver", "port", "domain", "user", "password", "controller", "tls",
            "insecure", "truststore", "truststore.password", "workdir", "labels", "facts.interval");
    static final Set<String> SECRETS = Set.of("password", "truststore.password");
    static final String PASSWORD_ENV = "WFE_AGENT_PASSWORD";
    static final String TRUSTSTORE_PASSWORD_ENV = "WFE_AGENT_TRUSTSTORE_PASSWORD";

    /** Reads {@code --config FILE} and {@code key=value} (or {@code --key=value}) arguments. */
    public static AgentConfig fromArgs(List<String> args) throws IOException {
        return fromArgs(args, System.getenv(), System.err::println);
    }

    /** As {@link #fromArgs(List)}, with the environment and where warnings go given (tests). */
    static AgentConfig fromArgs(List<String> args, Map<String, String> env, Consumer<String> warnings) throws IOException {
        Properties p = new Properties();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--config") || a.equals("-c")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--config needs a file name");
                }
                Path f = Path.of(args.get(++i));
                if (!Files.isReadable(f)) {
                    throw new IllegalArgumentException("config file " + f + " cannot be read");
                }
                exposed(f).ifPresent(warnings);
                try (Reader r = Files.newBufferedReader(f)) {
                    Properties fp = new Properties();
                    fp.load(r);
                    fp.forEach((k, v) -> p.putIfAbsent(k, v));
                }
            } else {
                String kv = a.startsWith("--") ? a.substring(2) : a;
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("unexpected argument '" + a + "' (expected --config FILE or key=value)");
                }
                String key = kv.substring(0, eq).strip();
                if (SECRETS.contains(key)) {
                    throw new IllegalArgumentException("'" + key + "' is refused on the command line: every user of"
                            + " this machine can read it (ps). Put it in the config file (--config FILE, mode 600),"
                            + " or in the environment variable " + (key.equals("password") ? PASSWORD_ENV
                                    : TRUSTSTORE_PASSWORD_ENV) + (key.equals("password") ? ", or in a file named by password.file=FILE" : ""));
                }
                p.setProperty(key, kv.substring(eq + 1).strip());
            }
        }
        String file = (String) p.remove("password.file");
        if (file != null) {
            Path f = Path.of(file);
            if (!Files.isReadable(f)) {
                throw new IllegalArgumentException("password.file " + f + " cannot be read");
            }
            exposed(f).ifPresent(warnings);
            p.setProperty("password", Files.readString(f).strip());
        }
        fromEnv(p, "password", env.get(PASSWORD_ENV));
        fromEnv(p, "truststore.password", env.get(TRUSTSTORE_PASSWORD_ENV));
        AgentConfig c = of(p);
        String insecure = TransportCheck.warning(c.xmpp(), insecure(p));
        if (insecure != null) {
            warnings.accept("wfe-agent: warning: " + insecure);
        }
        return c;
    }

    private static boolean insecure(Properties p) {
        String v = p.getProperty("insecure", "false").strip();
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("insecure must be true or false, got '" + v + "'");
        }
        return v.equals("true");
    }

    private static void fromEnv(Properties p, String key, String value) {
        if (value != null && !value.isBlank()) {
            p.setProperty(key, value); // the environment wins over the file, as arguments do
        }
    }

    /** A warning when others than the owner can read a file that holds a password. */
    static Optional<String> exposed(Path f) throws IOException {
        if (!Files.getFileStore(f).supportsFileAttributeView("posix")) {
            return Optional.empty();
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
        boolean open = perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
        return open ? Optional.of("wfe-agent: warning: " + f + " is readable by others ("
                + PosixFilePermissions.toString(perms) + ") and holds the agent's password: chmod 600 " + f) : Optional.empty();
    }

    public static AgentConfig of(Properties p) {
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown setting(s) " + unknown + "; known: " + new TreeSet<>(KEYS));
        }
        String server = required(p, "xmppserver");
        int port;
        try {
            port = Integer.parseInt(p.getProperty("port", "5222").strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number, got '" + p.getProperty("port") + "'");
        }
        String domain = p.getProperty("domain", server).strip();
        String ts = p.getProperty("truststore", "").strip();
        XmppSettings xmpp = new XmppSettings(server, port, domain, required(p, "user"), required(p, "password"),
                Protocol.AGENT_RESOURCE, p.getProperty("tls", "required"), ts.isEmpty() ? null : Path.of(ts),
                p.getProperty("truststore.password"));
        String refused = TransportCheck.refusal(xmpp, insecure(p), "the agent's configuration");
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        String controller = required(p, "controller");
        if (!controller.contains("@")) {
            controller = controller + "@" + domain;
        }
        Path work = Path.of(p.getProperty("workdir", "var/agent")).toAbsolutePath();
        ExecLimits d = ExecLimits.DEFAULTS;
        // a result carries both captures: a quarter of a message each, the result going in parts past one stanza
        ExecLimits limits = new ExecLimits(Protocol.MAX_MESSAGE_BYTES / 4, d.streamBytes(),
                d.lineChars(), d.batchChars(), d.resultFileBytes(), Duration.ofSeconds(2));
        Map<String, String> labels = FactsReport.parseLabels(p.getProperty("labels"));
        long interval;
        try {
            interval = Long.parseLong(p.getProperty("facts.interval", "60").strip());
        } catch (NumberFormatException e) {
            interval = -1;
        }
        if (interval < 1 || interval > 86_400) {
            throw new IllegalArgumentException("facts.interval must be a number of seconds from 1 to 86400, got '" + p.getProperty("facts.interval") + "'");
        }
        return new AgentConfig(xmpp, controller, work, limits, labels, interval);
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("setting '" + key + "' is required");
        }
        return v.strip();
    }
}
