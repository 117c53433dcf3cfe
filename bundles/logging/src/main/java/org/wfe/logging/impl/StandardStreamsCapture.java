package org.wfe.logging.impl;

import java.io.PrintStream;
import java.nio.charset.Charset;

import org.slf4j.event.Level;

/**
 * Installs {@link JobOutputStream} as System.out and System.err once, for the bundle's life: a tasklet's
 * (or its library's) prints land in its job's log; other threads print as before. Installed before Gogo
 * starts (see {@link LoggingActivator}): Gogo keeps the streams it finds as the default of its per-session
 * streams and puts its own back whenever a command runs, so only a stream beneath it survives. Put back on
 * stop only if nobody replaced them since.
 */
final class StandardStreamsCapture {

    private PrintStream out;
    private PrintStream err;

    void install() {
        out = wrap(System.out, "System.out", Level.INFO);
        err = wrap(System.err, "System.err", Level.WARN);
        System.setOut(out);
        System.setErr(err);
    }

    void uninstall() {
        if (System.out == out) {
            System.setOut(((RoutedPrintStream) out).target.original());
        }
        if (System.err == err) {
            System.setErr(((RoutedPrintStream) err).target.original());
        }
    }

    static PrintStream wrap(PrintStream original, String logger, Level level) {
        Charset cs = original.charset();
        return new RoutedPrintStream(new JobOutputStream(original, logger, level, cs), cs);
    }

    /** A PrintStream that remembers its {@link JobOutputStream}, to put the original back. */
    static final class RoutedPrintStream extends PrintStream {
        final JobOutputStream target;

        RoutedPrintStream(JobOutputStream target, Charset cs) {
            super(target, true, cs);
            this.target = target;
        }
    }
}
