package org.wfe.fault;

import java.util.Locale;

/** Each fault test prints one line of what it measured, in the form docs/reliability.md quotes. */
final class Figures {
    static void print(String fault, String outcome, Object... args) {
        System.out.println("FAULT " + fault + ": " + String.format(Locale.ROOT, outcome, args));
    }

    private Figures() {
    }
}
