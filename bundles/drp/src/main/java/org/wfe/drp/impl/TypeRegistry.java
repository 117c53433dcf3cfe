package org.wfe.drp.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root-object types the repository accepts: those the configuration lists plus those declared by
 * bundles in their {@code Wfe-RootObjectTypes} header (while they are active).
 */
final class TypeRegistry {

    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");

    private static final Logger LOG = LoggerFactory.getLogger(TypeRegistry.class);

    private final Set<String> configured;
    private final Map<Object, List<String>> declared = new ConcurrentHashMap<>();

    TypeRegistry(Collection<String> configured) {
        this.configured = Set.copyOf(valid(configured, "the configuration (types)"));
    }

    boolean isKnown(String type) {
        if (configured.contains(type)) {
            return true;
        }
        for (List<String> l : declared.values()) {
            if (l.contains(type)) {
                return true;
            }
        }
        return false;
    }

    List<String> types() {
        Set<String> all = new TreeSet<>(configured);
        declared.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    /** Records the types {@code owner} (a bundle) declares in a comma-separated header value. */
    void declare(Object owner, String header, String ownerName) {
        List<String> names = new ArrayList<>();
        for (String s : header.split(",")) {
            if (!s.isBlank()) {
                names.add(s.strip());
            }
        }
        declared.put(owner, List.copyOf(valid(names, ownerName)));
    }

    void undeclare(Object owner) {
        declared.remove(owner);
    }

    private static List<String> valid(Collection<String> names, String from) {
        List<String> ok = new ArrayList<>();
        for (String n : names) {
            if (n != null && NAME.matcher(n.strip()).matches()) {
                ok.add(n.strip());
            } else if (n != null && !n.isBlank()) {
                LOG.warn("ignoring root-object type '{}' from {}: a type is a letter followed by up to 99 letters,"
                        + " digits, '_', '.' or '-'", n, from);
            }
        }
        return ok;
    }
}
