package org.wfe.api.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.wfe.api.job.LogText;

/**
 * key=value params as operators type them: Gogo arguments ({@link #parse}) or the console's lines
 * ({@link #lines}). Values stay strings; a pair without '=', an empty or control-character name and a
 * name given twice are refused, never guessed at.
 */
public final class KeyValues {

    /** Each item is one key=value; the key is trimmed, the value kept as typed. */
    public static Map<String, Object> parse(Iterable<String> items) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String a : items) {
            int eq = a.indexOf('=');
            if (eq <= 0 || a.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException("bad argument '" + LogText.escape(a) + "': params are key=value");
            }
            String k = a.substring(0, eq).trim();
            // NUL cuts a name short wherever it is used (a script's environment); the HTTP API refuses it too
            if (!LogText.escape(k).equals(k)) {
                throw new IllegalArgumentException("bad param name '" + LogText.escape(k) + "': a name has no NUL or other control characters");
            }
            if (m.put(k, a.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("param '" + k + "' given twice");
            }
        }
        return m;
    }

    /** Gogo's varargs form; null is no params. */
    public static Map<String, Object> parse(String... items) {
        return parse(items == null ? List.of() : List.of(items));
    }

    /** One key=value a line (the console's text area); blank lines are skipped, key and value stripped. */
    public static Map<String, Object> lines(String text) {
        List<String> items = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\\R")) {
                int eq = line.indexOf('=');
                if (!line.isBlank()) {
                    items.add(eq < 0 ? line.strip() : line.substring(0, eq).strip() + "=" + line.substring(eq + 1).strip());
                }
            }
        }
        return parse(items);
    }

    private KeyValues() {
    }
}
