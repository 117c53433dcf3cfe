package org.wfe.engine.impl;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Plain HTTP beyond loopback carries the admin password (Basic auth) and every job's params in clear: refused
 * unless the operator says {@value #INSECURE}{@code =true} (a framework property), and then warned. HTTPS is
 * one configuration away (README, "HTTPS"); HTTP on 127.0.0.1 beside it stays allowed.
 */
final class HttpExposure {

    static final String INSECURE = "wfe.http.insecure";

    private HttpExposure() {
    }

    /** The plain-HTTP endpoints that are not on loopback, e.g. {@code http://10.0.0.5:8080/}. */
    static List<String> exposed(List<String> endpoints) {
        return endpoints.stream().filter(e -> e.startsWith("http:") && !loopback(host(e))).toList();
    }

    static String refusal(List<String> exposed) {
        return "plain HTTP beyond loopback refused: " + String.join(", ", exposed) + " would carry the admin password and job params in clear;"
                + " turn on HTTPS (README, HTTPS) and bind HTTP to 127.0.0.1, or start with -D" + INSECURE + "=true to allow it";
    }

    static String warning(List<String> exposed) {
        return "INSECURE: plain HTTP beyond loopback at " + String.join(", ", exposed) + " (" + INSECURE
                + "=true): the admin password and job params cross the network in clear";
    }

    private static String host(String endpoint) {
        try {
            String h = URI.create(endpoint).getHost();
            return h == null ? "" : h;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** Every address the host stands for is loopback; 0.0.0.0 (any address), a name that does not resolve and an empty host are not. */
    static boolean loopback(String host) {
        if (host.isEmpty()) {
            return false;
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
