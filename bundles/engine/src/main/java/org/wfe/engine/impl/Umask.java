package org.wfe.engine.impl;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * The process's file-creation mask. The JDK cannot set it, and {@code java -jar engine.jar} starts with
 * the caller's (usually 022: every new file world-readable), so the engine calls libc's {@code umask(2)}
 * through the foreign function API: afterwards the store, ConfigAdmin, the logs and every bundle create
 * owner-only files without each having to remember.
 */
final class Umask {
    static final int PRIVATE = 0077;

    private Umask() {
    }

    /** Adds {@code bits} to the mask (a stricter one the operator chose stays); the new mask, or -1. */
    static int restrict(int bits) {
        int old = set(bits);
        return old < 0 || set(old | bits) < 0 ? -1 : old | bits;
    }

    /**
     * Sets the mask, returns the previous one, or -1 where it cannot be set (no libc, or native access
     * denied with {@code --illegal-native-access=deny}).
     */
    static int set(int mask) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle umask = linker.downcallHandle(linker.defaultLookup().find("umask").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            return (int) umask.invokeExact(mask);
        } catch (Throwable e) { // IllegalCallerException, NoSuchElementException, UnsupportedOperationException
            return -1;
        }
    }
}
