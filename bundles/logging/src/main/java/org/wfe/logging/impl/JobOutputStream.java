package org.wfe.logging.impl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What System.out (or System.err) becomes: a thread working for a job ({@link JobMdc}) has its output cut
 * into lines and logged (System.out at INFO, System.err at WARN) so it lands in its job's log and the engine
 * log; every other thread writes to the original stream untouched, Gogo's per-session streams included.
 * A line is logged when it ends (or passes {@link #MAX_LINE} bytes); a job's last unterminated text is not.
 */
final class JobOutputStream extends OutputStream {

    static final int MAX_LINE = 8192;

    private final PrintStream original;
    private final String loggerName;
    /** Looked up at the first routed line: this stream is installed before anything logs. */
    private volatile Logger logger;
    private final Level level;
    private final Charset charset;
    private final ThreadLocal<ByteArrayOutputStream> pending = ThreadLocal.withInitial(ByteArrayOutputStream::new);
    /** Set while this thread logs a line: a console appender writing back to us goes to the original. */
    private final ThreadLocal<Boolean> logging = new ThreadLocal<>();

    JobOutputStream(PrintStream original, String loggerName, Level level, Charset charset) {
        this.original = original;
        this.loggerName = loggerName;
        this.level = level;
        this.charset = charset;
    }

    PrintStream original() {
        return original;
    }

    private boolean routed() {
        return logging.get() == null && JobMdc.current() != null;
    }

    @Override
    public void write(int b) {
        if (!routed()) {
            original.write(b);
            return;
        }
        ByteArrayOutputStream line = pending.get();
        if (b == '\n') {
            emit(line);
        } else {
            line.write(b);
            if (line.size() >= MAX_LINE) {
                emit(line);
            }
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (!routed()) {
            original.write(b, off, len);
            return;
        }
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!routed()) {
            original.flush();
        }
    }

    private void emit(ByteArrayOutputStream line) {
        String text = line.toString(charset);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        logging.set(Boolean.TRUE);
        try {
            Logger l = logger;
            if (l == null) {
                logger = l = LoggerFactory.getLogger(loggerName);
            }
            l.atLevel(level).log(text);
        } finally {
            logging.remove();
        }
    }
}
