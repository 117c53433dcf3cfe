package org.wfe.ssh.impl;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * One {@code ssh … 'COMMAND'}: runs the command line in a fresh Gogo session and prints its result the way the console
 * does ({@link Converter#INSPECT}). Exit status 0 on success; 1 with {@code Error: …} on stderr when it throws, so
 * scripts (the {@code wfe exec} launcher) can tell failure from output.
 */
final class GogoExecCommand implements Command {

    static final int OK = 0;
    static final int FAILED = 1;

    private final CommandProcessor processor;
    private final String commandLine;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exitCallback;
    private volatile Thread worker;

    GogoExecCommand(CommandProcessor processor, String commandLine) {
        this.processor = processor;
        this.commandLine = commandLine;
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
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exitCallback = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        // SSHD wants start() to return at once; the command may block for as long as it likes.
        String user = channel.getSession().getUsername();
        String source = UserPasswordAuthenticator.address(channel.getSession().getClientAddress());
        worker = Thread.ofPlatform().name("wfe-ssh-exec").daemon().start(() -> run(user, source));
    }

    private void run(String user, String source) {
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = OK;
        CommandSession session = processor.createSession(in, stdout, stderr);
        try {
            session.put("USER", user);
            session.put("wfe.user", user); // who starts and kills, for the jobs and the audit log
            session.put("wfe.source", source);
            Object result = session.execute(commandLine);
            if (result != null) {
                stdout.println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            stderr.println("Error: " + describe(e));
            status = FAILED;
        } finally {
            stdout.flush();
            stderr.flush();
            session.close();
        }
        exitCallback.onExit(status, status == OK ? "" : "command failed");
    }

    /** The message is what users and scripts need; the type only when there is no message (e.g. a bare NPE). */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }

    @Override
    public void destroy(ChannelSession channel) {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }
}
