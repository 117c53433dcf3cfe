package org.wfe.http.impl;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names this engine answers to, against DNS rebinding: a page on {@code evil.example} whose name the
 * attacker re-points at 127.0.0.1 is same-origin for the browser, but its requests say
 * {@code Host: evil.example}. Loopback names are accepted with the port the request came in on; configured
 * names ({@code allowedHosts}) with any port unless they give one.
 */
record HostAllowList(List<String> configured) {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");
    /** A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
    private static final Pattern NAME = Pattern.compile("([a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");

    static final HostAllowList LOOPBACK_ONLY = new HostAllowList(List.of());

    HostAllowList {
        configured = configured.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
        for (String c : configured) {
            if (!NAME.matcher(c).matches()) {
                throw new IllegalArgumentException("allowedHosts: '" + c + "' is not a host name with an optional port"
                        + " (e.g. engine.example.com or engine.example.com:8443)");
            }
        }
    }

    /** From the configuration: an array, or one string of names separated by commas or spaces (a .cfg file line). */
    static HostAllowList of(String[] names) {
        return new HostAllowList(names == null ? List.of()
                : java.util.Arrays.stream(names).filter(java.util.Objects::nonNull).flatMap(n -> java.util.Arrays.stream(n.split("[,\\s]+"))).toList());
    }

    /** True when the request's Host header names this engine; a request without one is refused. */
    boolean allows(String hostHeader, int localPort) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) { // "localhost.:8080" is the same name to DNS
            return false;
        }
        int colon = host.lastIndexOf(':');
        String name = colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
        String port = colon > host.lastIndexOf(']') ? host.substring(colon + 1) : "";
        if (LOOPBACK.contains(name) && port.equals(Integer.toString(localPort))) {
            return true;
        }
        return configured.contains(host) || configured.contains(name);
    }

    @Override
    public String toString() {
        return "loopback names with the engine's port" + (configured.isEmpty() ? "" : " and " + String.join(", ", configured));
    }
}
