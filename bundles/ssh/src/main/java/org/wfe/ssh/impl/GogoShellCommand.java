package org.wfe.ssh.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An interactive {@code ssh} login: the same Gogo shell as the local console (line editing, completion, Ctrl-C).
 * The jline terminal is built directly on the channel's streams, because jline's own SSH support looks terminal
 * providers up through the context class loader and hangs inside OSGi.
 */
final class GogoShellCommand implements Command {

    // --noshutdown: leaving a remote login shell must not stop the framework; --nohistory: no file in user.home.
    private static final String[] GOSH_ARGS = {"--login", "--noshutdown", "--nohistory"};
    private static final Logger LOG = LoggerFactory.getLogger(GogoShellCommand.class);

    private final CommandProcessor processor;
    private final Shell.Context context;
    private final AtomicBoolean finished = new AtomicBoolean();
    private InputStream in;
    private OutputStream out;
    private ExitCallback exitCallback;
    private volatile Terminal terminal;
    private volatile Thread worker;

    /** {@code properties} answers {@code gosh.home} and friends (the framework's properties inside OSGi). */
    GogoShellCommand(CommandProcessor processor, UnaryOperator<String> properties) {
        this.processor = processor;
        this.context = new Shell.Context() {
            @Override
            public String getProperty(String name) {
                return properties.apply(name);
            }

            @Override
            public void exit() {
                // Never stop the framework from a remote session (gosh only asks without --noshutdown).
            }
        };
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        // A terminal has a single output: stderr of the shell goes to the same stream as stdout.
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exitCallback = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        String type = env.getEnv().getOrDefault(Environment.ENV_TERM, "dumb");
        ExternalTerminal t = new ExternalTerminal("wfe-ssh", type, in, out, StandardCharsets.UTF_8);
        t.setAttributes(PtyAttributes.apply(t.getAttributes(), env.getPtyModes()));
        t.setSize(PtyAttributes.size(env.getEnv()));
        env.addSignalListener((ch, signal) -> {
            t.setSize(PtyAttributes.size(env.getEnv()));
            t.raise(Terminal.Signal.WINCH);
        }, Signal.WINCH);
        terminal = t;
        String user = channel.getSession().getUsername();
        String source = UserPasswordAuthenticator.address(channel.getSession().getClientAddress());
        worker = Thread.ofPlatform().name("wfe-ssh-shell-" + user).daemon().start(() -> run(t, user, source));
    }

    private void run(Terminal t, String user, String source) {
        int status = 0;
        CommandSession session = processor.createSession(t.input(), t.output(), t.output());
        try {
            session.put(Shell.VAR_TERMINAL, t);
            session.put("USER", user);
            session.put("wfe.user", user); // who starts and kills, for the jobs and the audit log
            session.put("wfe.source", source);
            // The profile may set its own; without one jline's default would be 'gl! '.
            session.put(Shell.VAR_PROMPT, "g! ");
            new Shell(context, processor).gosh(session, GOSH_ARGS);
        } catch (Exception e) {
            status = 1;
            t.writer().println("Error: " + GogoExecCommand.describe(e));
            t.flush();
            LOG.debug("remote shell of {} ended with an error", user, e);
        } finally {
            session.close();
            finish(status);
        }
    }

    private void finish(int status) {
        if (finished.compareAndSet(false, true)) {
            closeTerminal();
            exitCallback.onExit(status);
        }
    }

    private void closeTerminal() {
        try {
            Terminal t = terminal;
            if (t != null) {
                t.close();
            }
        } catch (IOException e) {
            LOG.debug("closing a remote terminal", e);
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        // The client went away: end the shell without reporting an exit status on a closed channel.
        if (finished.compareAndSet(false, true)) {
            closeTerminal();
            Thread t = worker;
            if (t != null) {
                t.interrupt();
            }
        }
    }
}
