package org.wfe.api.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which agents a command is for, in one small language shared by Java, Gogo ({@code wfe:agents --select}),
 * the HTTP API ({@code ?select=}) and the console's filter box:
 * <pre>
 *   selector := all ( "or" all )*          "and" binds tighter than "or"
 *   all      := term ( "and" term )*
 *   term     := GLOB                        the agent's name: web-*, db-?1, *
 *             | NAME "=" value ("," value)* a label or fact is one of the values (each may be a glob)
 *             | NAME "!=" value ("," value)* it is none of them (or the agent lacks it)
 *   value    := WORD | "quoted text"
 * </pre>
 * NAME is a label ({@code role}), a fact ({@code os}, {@code os.version}, {@code kernel}, {@code arch},
 * {@code cores}, {@code memory.mb}, {@code hostname}, {@code agent.version}), or one of {@code name},
 * {@code acceptance} ({@code accepted}, {@code pending}, {@code rejected}) and {@code online} ({@code true},
 * {@code false}). Example: {@code web-* and dc=ams or role=db,cache}. Matching is case-sensitive.
 * <p>
 * A selector lists agents of any acceptance; {@link AgentController#targets} gives only the accepted ones,
 * which are the only agents ever sent work.
 */
public final class AgentSelector implements Predicate<AgentInfo> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,39}");
    private static final int MAX_LENGTH = 1000;

    private final String text;
    /** Or of ands of terms. */
    private final List<List<Term>> any;

    private AgentSelector(String text, List<List<Term>> any) {
        this.text = text;
        this.any = any;
    }

    /** Everything: the selector {@code *}. */
    public static AgentSelector all() {
        return parse("*");
    }

    /**
     * @throws IllegalArgumentException naming the position (1 is the first character) and what was expected there
     */
    public static AgentSelector parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty selector: expected a name glob (web-*) or name=value (role=web); * selects all");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("selector of " + text.length() + " characters: at most " + MAX_LENGTH);
        }
        return new Parser(text).selector();
    }

    @Override
    public boolean test(AgentInfo agent) {
        return matches(agent);
    }

    public boolean matches(AgentInfo agent) {
        for (List<Term> all : any) {
            if (all.stream().allMatch(t -> t.matches(agent))) {
                return true;
            }
        }
        return false;
    }

    /** The value a selector compares for {@code name}: a reserved word, a label (first) or a fact; null when absent. */
    static String attribute(AgentInfo a, String name) {
        return switch (name) {
            case "name" -> a.guid();
            case "acceptance" -> a.acceptance().label();
            case "online" -> Boolean.toString(a.online());
            default -> a.labels().containsKey(name) ? a.labels().get(name) : a.facts().get(name);
        };
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentSelector s && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** One comparison: {@code key} (null for the name glob) is, or is not, one of {@code values}. */
    private record Term(String key, boolean negated, List<String> values) {
        boolean matches(AgentInfo a) {
            String v = attribute(a, key);
            boolean in = v != null && values.stream().anyMatch(g -> glob(g, v));
            return negated != in;
        }
    }

    /**
     * Whether {@code text} matches the glob ({@code *} any run, {@code ?} one character). Not a regex: a
     * pattern such as {@code *a*a*a*...b} makes a backtracking regex take exponential time (a viewer could
     * stall the API with one request); this walk, going back only to the last star, is O(length × length).
     */
    static boolean glob(String glob, String text) {
        int g = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == text.charAt(t))) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                mark = t;
            } else if (star >= 0) {
                g = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    /** Recursive descent over the text; {@code pos} is the next character. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        AgentSelector selector() {
            List<List<Term>> any = new ArrayList<>();
            any.add(all());
            while (keyword("or")) {
                any.add(all());
            }
            skipSpace();
            if (pos < s.length()) {
                throw error("'and', 'or' or the end");
            }
            return new AgentSelector(s.strip(), List.copyOf(any));
        }

        private List<Term> all() {
            List<Term> terms = new ArrayList<>();
            terms.add(term());
            while (keyword("and")) {
                terms.add(term());
            }
            return List.copyOf(terms);
        }

        private Term term() {
            skipSpace();
            int start = pos;
            String w = word();
            if (w == null || isKeyword(w)) {
                pos = start;
                throw error("a name glob (web-*) or name=value (role=web)");
            }
            skipSpace();
            boolean negated = s.startsWith("!=", pos);
            if (!negated && !s.startsWith("=", pos)) {
                return new Term("name", false, List.of(w));
            }
            if (!NAME.matcher(w).matches()) {
                pos = start;
                throw error("a label or fact name (a lower-case letter, then letters, digits, '.', '_' or '-') before '" + (negated ? "!=" : "=") + "'");
            }
            pos += negated ? 2 : 1;
            List<String> values = new ArrayList<>();
            do {
                skipSpace();
                String v = value();
                if (v == null) {
                    throw error("a value after " + (values.isEmpty() ? "'" + w + (negated ? "!=" : "=") + "'" : "','"));
                }
                values.add(v);
                skipSpace();
            } while (pos < s.length() && s.charAt(pos) == ',' && ++pos > 0);
            return new Term(w, negated, List.copyOf(values));
        }

        private String value() {
            if (pos < s.length() && s.charAt(pos) == '"') {
                int end = s.indexOf('"', pos + 1);
                if (end < 0) {
                    throw error("a closing '\"' for the one at " + (pos + 1));
                }
                String v = s.substring(pos + 1, end);
                pos = end + 1;
                return v;
            }
            return word();
        }

        private String word() {
            int start = pos;
            while (pos < s.length() && wordChar(s.charAt(pos))) {
                pos++;
            }
            return pos == start ? null : s.substring(start, pos);
        }

        private static boolean wordChar(char c) {
            return Character.isLetterOrDigit(c) || "._-/*?:@+".indexOf(c) >= 0;
        }

        private boolean keyword(String k) {
            skipSpace();
            int start = pos;
            String w = word();
            if (w != null && w.toLowerCase(Locale.ROOT).equals(k)) {
                return true;
            }
            pos = start;
            return false;
        }

        private static boolean isKeyword(String w) {
            String l = w.toLowerCase(Locale.ROOT);
            return l.equals("and") || l.equals("or");
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String expected) {
            String found = pos >= s.length() ? "the end" : "'" + s.charAt(pos) + "'";
            return new IllegalArgumentException("selector '" + s + "': at " + (pos + 1) + ", expected " + expected + ", found " + found);
        }
    }
}
