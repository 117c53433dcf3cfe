package org.wfe.logging.impl;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The last lines of a file, read backwards from its end, so a large engine log costs only what is shown. */
final class LogTail {

    private static final int CHUNK = 64 * 1024;

    private LogTail() {
    }

    static List<String> last(Path file, int lines) throws IOException {
        return last(file, lines, Long.MAX_VALUE);
    }

    /** The last lines before byte {@code before} (where a {@link LogFollower} starts, so no line shows twice). */
    static List<String> last(Path file, int lines, long before) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long end = Math.min(before, f.length());
            long start = end;
            byte[] tail = new byte[0];
            // one more newline than lines wanted, or the start of the file
            while (start > 0 && count(tail) <= lines) {
                int n = (int) Math.min(CHUNK, start);
                start -= n;
                byte[] chunk = new byte[n];
                f.seek(start);
                f.readFully(chunk);
                byte[] joined = Arrays.copyOf(chunk, n + tail.length);
                System.arraycopy(tail, 0, joined, n, tail.length);
                tail = joined;
            }
            List<String> all = new ArrayList<>(List.of(new String(tail, StandardCharsets.UTF_8).split("\n", -1)));
            if (!all.isEmpty() && all.getLast().isEmpty()) {
                all.removeLast(); // the file ends with a newline
            }
            if (start > 0 && !all.isEmpty()) {
                all.removeFirst(); // cut in the middle of a line
            }
            return all.subList(Math.max(0, all.size() - lines), all.size());
        }
    }

    private static int count(byte[] b) {
        int n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }
}
