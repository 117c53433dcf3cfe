package org.wfe.engine.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which endpoints serve plain HTTP beyond loopback (issue 15 §4, TLS). */
class HttpExposureTest {

    @Test
    void plainHttpBeyondLoopbackIsExposedHttpsAndLoopbackAreNot() {
        List<String> exposed = HttpExposure.exposed(List.of("http://127.0.0.1:8080/", "https://192.0.2.7:8443/", "http://192.0.2.7:80/",
                "http://0.0.0.0:1/", "http://[::1]:2/", "http://localhost:3/", "http://no-such-host.invalid:4/"));
        assertEquals(List.of("http://192.0.2.7:80/", "http://0.0.0.0:1/", "http://no-such-host.invalid:4/"), exposed);
        assertTrue(HttpExposure.refusal(exposed).contains("-Dwfe.http.insecure=true"), HttpExposure.refusal(exposed));
        assertEquals(List.of(), HttpExposure.exposed(List.of("http://127.0.0.1:1/", "https://0.0.0.0:2/")));
    }
}
