package org.wfe.ssh.impl;

/** Gogo commands for the tests; public because Gogo calls them by reflection. */
public class TestCommands {

    /** Returns its words: the result is printed by the caller (exec channel or shell). */
    public String echo(String... words) {
        return String.join(" ", words);
    }

    /** Prints through System.out, as most console commands (lb, …) do: needs Gogo's ThreadIO redirection. */
    public void shout(String word) {
        System.out.println(word.toUpperCase(java.util.Locale.ROOT));
    }

    public void fail(String message) {
        throw new IllegalStateException(message);
    }
}
