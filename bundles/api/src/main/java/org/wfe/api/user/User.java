package org.wfe.api.user;

/** A known user: a name and its role (passwords never leave the user service). */
public record User(String name, Role role) {
}
