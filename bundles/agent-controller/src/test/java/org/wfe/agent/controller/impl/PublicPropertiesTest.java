package org.wfe.agent.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class PublicPropertiesTest {

    @Test
    void secretsAndPrivatePropertiesStayInTheComponent() {
        Map<String, Object> component = Map.of("xmppserver", "xmpp.example", "port", 5222, "password", "s3cret",
                "truststore.password", "s3cret", "api.token", "t", ".hidden", "h", "component.name", "c",
                "service.pid", "org.wfe.agentcontroller");
        assertEquals(Map.of("xmppserver", "xmpp.example", "port", 5222, "component.name", "c",
                "service.pid", "org.wfe.agentcontroller"), new TreeMap<>(PublicProperties.of(component)));
    }
}
