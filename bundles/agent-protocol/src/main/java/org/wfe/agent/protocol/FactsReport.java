package org.wfe.agent.protocol;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an agent tells the controller about itself (kind {@value Protocol#FACTS}): facts it measured
 * ({@code hostname}, {@code os}, {@code kernel}...) and labels from its configuration ({@code role=web}).
 * <p>
 * Bounded here, on both sides, because the controller keeps it in its store: an agent (or anybody holding
 * an agent's password) can send at most {@value #MAX_ENTRIES} facts and {@value #MAX_ENTRIES} labels, names
 * of up to {@value #MAX_NAME} and values of up to {@value #MAX_VALUE} characters, nothing else.
 */
public record FactsReport(Map<String, String> facts, Map<String, String> labels) {

    public static final int MAX_ENTRIES = 32;
    public static final int MAX_NAME = 40;
    public static final int MAX_VALUE = 100;
    /** The facts an agent measures; a label may not take one of these names (nor the selector's own). */
    public static final Set<String> FACT_NAMES = Set.of("hostname", "os", "os.version", "kernel", "arch", "cores", "memory.mb",
            "agent.version");
    /** Names a selector gives meaning of its own: {@code name}, {@code acceptance}, {@code online}. */
    public static final Set<String> RESERVED = Set.of("name", "acceptance", "online");

    /** A name as a selector can type it: lower-case letter, then letters, digits, '.', '_' or '-'. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,39}");
    /** A label's value: one word a selector can type unquoted. */
    public static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,62}");

    public FactsReport {
        facts = checked(facts, "fact");
        labels = checked(labels, "label");
        for (String k : labels.keySet()) {
            if (FACT_NAMES.contains(k) || RESERVED.contains(k)) {
                throw new ProtocolException("label '" + k + "' takes the name of a fact or a selector word (" + new java.util.TreeSet<>(FACT_NAMES)
                        + ", " + new java.util.TreeSet<>(RESERVED) + "): choose another name");
            }
            if (!LABEL_VALUE.matcher(labels.get(k)).matches()) {
                throw new ProtocolException("label '" + k + "': value '" + clip(labels.get(k)) + "' is not a word of up to 63 letters, digits, '.', '_', '/' or '-'");
            }
        }
    }

    private static Map<String, String> checked(Map<String, String> m, String what) {
        if (m == null) {
            return Map.of();
        }
        if (m.size() > MAX_ENTRIES) {
            throw new ProtocolException(m.size() + " " + what + "s: at most " + MAX_ENTRIES + " are kept");
        }
        TreeMap<String, String> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (k == null || !NAME.matcher(k).matches()) {
                throw new ProtocolException(what + " name '" + clip(k) + "' is not a lower-case letter followed by up to " + (MAX_NAME - 1)
                        + " letters, digits, '.', '_' or '-'");
            }
            if (v == null || v.isEmpty() || v.length() > MAX_VALUE || v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new ProtocolException(what + " '" + k + "': value must be 1 to " + MAX_VALUE + " characters without control characters");
            }
            out.put(k, v);
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    private static String clip(String s) {
        String t = String.valueOf(s);
        return t.length() > MAX_NAME + 10 ? t.substring(0, MAX_NAME + 10) + "..." : t;
    }

    /**
     * Labels as operators write them in the agent's configuration: {@code role:web,dc:ams} (a ':' or '='
     * between name and value); empty gives none.
     *
     * @throws IllegalArgumentException naming the label that is wrong and why
     */
    public static Map<String, String> parseLabels(String text) {
        Map<String, String> out = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            int sep = indexOfSeparator(p);
            if (sep <= 0 || sep == p.length() - 1) {
                throw new IllegalArgumentException("labels: '" + clip(p) + "' is not name:value (e.g. labels=role:web,dc:ams)");
            }
            String k = p.substring(0, sep).strip();
            if (out.put(k, p.substring(sep + 1).strip()) != null) {
                throw new IllegalArgumentException("labels: '" + clip(k) + "' is given twice");
            }
        }
        try {
            return new FactsReport(Map.of(), out).labels();
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("labels: " + e.getMessage(), e);
        }
    }

    private static int indexOfSeparator(String p) {
        int c = p.indexOf(':');
        int e = p.indexOf('=');
        return c < 0 ? e : e < 0 ? c : Math.min(c, e);
    }
}
