package org.wfe.agent.daemon;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.wfe.agent.exec.ExecLimits;
import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.XmppSettings;

/**
 * The agent's settings, from a properties file and {@code key=value} arguments (arguments win). Keys:
 * xmppserver, port, domain, user, password, controller, tls, truststore, truststore.password, workdir.
 */
public record AgentConfig(XmppSettings xmpp, String controller, Path workDir, ExecLimits limits) {

    static final Set<String> KEYS = Set.of("xmppserver", "port", "domain", "user", "password", "controller", "tls",
            "truststore", "truststore.password", "workdir");

    /** Reads {@code --config FILE} and {@code key=value} (or {@code --key=value}) arguments. */
    public static AgentConfig fromArgs(List<String> args) throws IOException {
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
                p.setProperty(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
            }
        }
        return of(p);
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
        String controller = required(p, "controller");
        if (!controller.contains("@")) {
            controller = controller + "@" + domain;
        }
        Path work = Path.of(p.getProperty("workdir", "var/agent")).toAbsolutePath();
        ExecLimits d = ExecLimits.DEFAULTS;
        // a result carries both captures: keep them well under one stanza
        ExecLimits limits = new ExecLimits(Math.min(d.captureChars(), Protocol.MAX_BODY_BYTES / 4), d.streamBytes(),
                d.lineChars(), d.batchChars(), d.resultFileBytes(), Duration.ofSeconds(2));
        return new AgentConfig(xmpp, controller, work, limits);
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("setting '" + key + "' is required");
        }
        return v.strip();
    }
}
