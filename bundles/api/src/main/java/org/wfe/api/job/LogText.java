package org.wfe.api.job;

/**
 * Outside text (agent names, stanza text, script output, params) made safe for one log line: every control
 * character is written as an escape, so a rogue sender cannot end the line and forge the next one, nor
 * send terminal escape sequences to whoever reads the log. The one place for it: the engine's log, job
 * log output ({@code wfe:log}) and the agent controller all call this.
 */
public final class LogText {

    private LogText() {
    }

    /**
     * {@code text} with CR, LF and TAB as {@code \r}, {@code \n}, {@code \t}, any other C0 or C1 control
     * character, DEL and the Unicode line and paragraph separators as {@code \}{@code uXXXX}; null stays
     * {@code "null"}. Text without any of them is returned as it is (no copy).
     */
    public static String escape(Object text) {
        String s = String.valueOf(text);
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!unsafe(c)) {
                b.append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
