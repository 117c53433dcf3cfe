package org.wfe.agent.controller.impl;

import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;

/**
 * The component properties fit to be service properties, which every bundle and the Web Console's Services
 * page and status zip can read: DS's private ones (a leading ".") and secrets (password, secret, token,
 * key material) stay in the component.
 */
final class PublicProperties {
    private PublicProperties() {
    }

    static Hashtable<String, Object> of(Map<String, ?> component) {
        Hashtable<String, Object> out = new Hashtable<>();
        component.forEach((k, v) -> {
            if (v != null && !k.startsWith(".") && !secret(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("passphrase")
                || k.contains("credential") || k.endsWith("key");
    }
}
