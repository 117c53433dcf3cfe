package org.wfe.ssh.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.wfe.api.user.Login;
import org.wfe.api.user.Role;
import org.wfe.api.user.User;
import org.wfe.api.user.Users;

/**
 * The engine's user service as these tests need it: admin with the live password file, plus fixed users of other
 * roles (the real service, with hashes and throttling, is tested in the engine bundle).
 */
record FileUsers(Path adminPassword, Map<String, String> others) implements Users {

    static final String OPERATOR = "olga";
    static final String OPERATOR_PASSWORD = "operator-password";

    FileUsers(Path adminPassword) {
        this(adminPassword, Map.of(OPERATOR, OPERATOR_PASSWORD));
    }

    @Override
    public Login login(String name, String password, String source, String channel) {
        try {
            if (ADMIN.equals(name) && Files.exists(adminPassword) && Files.readString(adminPassword).strip().equals(password)) {
                return new Login(new User(ADMIN, Role.ADMIN), Duration.ZERO);
            }
        } catch (IOException e) {
            return Login.refused();
        }
        return password != null && password.equals(others.get(name)) ? new Login(new User(name, Role.OPERATOR), Duration.ZERO)
                : Login.refused();
    }

    @Override
    public User find(String name) {
        return null;
    }

    @Override
    public List<User> list() {
        return List.of();
    }

    @Override
    public User add(String name, Role role, String password) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setPassword(String name, String password) {
        throw new UnsupportedOperationException();
    }

    @Override
    public User setRole(String name, Role role) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean remove(String name) {
        throw new UnsupportedOperationException();
    }
}
