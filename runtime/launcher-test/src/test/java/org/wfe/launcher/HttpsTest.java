package org.wfe.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.testsupport.WfeCommand;

/**
 * HTTPS is one documented configuration away (README, HTTPS): Felix HTTP Jetty's org.apache.felix.https.*
 * keys in etc/org.apache.felix.http.cfg with a PKCS12 keystore, tried with the JDK HttpClient trusting only
 * that certificate. Plain HTTP bound beyond loopback is refused: the engine stops serving it and says why.
 */
class HttpsTest {
    static final String STORE_PASSWORD = "store-pw-" + System.nanoTime();

    @TempDir
    Path dir;
    WfeCommand wfe;

    @AfterEach
    void kill() throws Exception {
        if (wfe != null) {
            wfe.run("kill");
        }
    }

    static String prop(Path home, String key) {
        try {
            for (String l : Files.readAllLines(home.resolve("var/run/status.properties"))) {
                if (l.startsWith(key + "=")) {
                    return l.substring(key.length() + 1).replace("\\:", ":");
                }
            }
        } catch (java.io.IOException e) {
            // not written yet
        }
        return "";
    }

    /** A self-signed PKCS12 keystore for {@code san} (keytool's SAN syntax). */
    Path keystore(String san) throws Exception {
        Path ks = dir.resolve("engine.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias",
                "engine", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=wfe-test", "-ext", "SAN=" + san,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        return ks;
    }

    /** Starts an engine whose etc/org.apache.felix.http.cfg turns HTTPS on (plus {@code extra} lines); returns its https URL. */
    String startWithHttps(Path home, Path ks, String... extra) throws Exception {
        Files.createDirectories(home.resolve("etc"));
        List<String> lines = new java.util.ArrayList<>(List.of("org.apache.felix.https.enable=true",
                "org.osgi.service.http.port.secure=0", "org.apache.felix.https.keystore=" + ks, "org.apache.felix.https.keystore.type=PKCS12",
                "org.apache.felix.https.keystore.password=" + STORE_PASSWORD, "org.apache.felix.https.keystore.key.password=" + STORE_PASSWORD));
        lines.addAll(List.of(extra));
        Files.write(home.resolve("etc/org.apache.felix.http.cfg"), lines);
        wfe = new WfeCommand(home);
        WfeCommand.Result start = wfe.run("start");
        assertEquals(0, start.exit(), start.all());
        await().atMost(Duration.ofSeconds(60)).until(() -> prop(home, "https.url").startsWith("https://"));
        return prop(home, "https.url");
    }

    static HttpClient trusting(Path ks) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            trust.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void theApiAnswersOverHttpsWithAKeystoreFromOneConfigurationFile() throws Exception {
        Path ks = keystore("ip:127.0.0.1,dns:localhost");
        String https = startWithHttps(dir.resolve("home"), ks);
        HttpClient client = trusting(ks);
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + wfe.adminPassword()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(https + "wfe/api/v1/status")).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"healthy\":true"), r.body());
        // a client that does not trust the engine's certificate gets no answer
        assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(https + "wfe/api/v1/status")).build(), HttpResponse.BodyHandlers.ofString()));
    }

    static String lanAddress() throws Exception {
        Optional<InetAddress> lan = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> { try { return i.isUp() && !i.isLoopback(); } catch (java.net.SocketException e) { return false; } })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream()).filter(a -> a instanceof Inet4Address).findFirst();
        Assumptions.assumeTrue(lan.isPresent(), "this machine has no address beyond loopback to bind to");
        return lan.get().getHostAddress();
    }

    @Test
    void httpsAloneMayListenBeyondLoopback() throws Exception {
        String ip = lanAddress();
        Path ks = keystore("ip:" + ip);
        // the engine answers only to the names it is told it has (the HTTP guard's Host allow-list)
        Files.createDirectories(dir.resolve("home/etc"));
        Files.writeString(dir.resolve("home/etc/org.wfe.http.cfg"), "allowedHosts=" + ip + "\n");
        // Felix binds HTTP and HTTPS to one host: beyond loopback, plain HTTP is turned off
        String https = startWithHttps(dir.resolve("home"), ks, "org.apache.felix.http.host=" + ip, "org.apache.felix.http.enable=false");
        assertTrue(https.startsWith("https://" + ip + ":"), https);
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + wfe.adminPassword()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = trusting(ks).send(HttpRequest.newBuilder(URI.create(https + "wfe/api/v1/status")).header("Authorization", auth)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(!Files.readString(dir.resolve("home/var/log/engine.log")).contains("beyond loopback refused"), "HTTPS is not refused");
    }

    @Test
    void plainHttpBoundBeyondLoopbackIsRefused() throws Exception {
        String ip = lanAddress();
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        // what a cross-site form on the console's configuration page tried: HTTP rebound to the network
        Files.writeString(home.resolve("etc/org.apache.felix.http.cfg"), "org.apache.felix.http.host=" + ip + "\n");
        wfe = new WfeCommand(home);
        WfeCommand.Result start = wfe.run("start"); // ready on 127.0.0.1 when the configuration comes later: refused live then
        assertTrue(start.exit() == 0 || start.all().contains("plain HTTP beyond loopback refused"), start.all());
        Path log = home.resolve("var/log/engine.log");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("plain HTTP beyond loopback refused: http://" + ip));
        String port = prop(home, "http.port");
        await().atMost(Duration.ofSeconds(30)).until(() -> prop(home, "http.url").isEmpty());
        if (!port.isEmpty()) {
            assertThrows(java.io.IOException.class, () -> new Socket(ip, Integer.parseInt(port)).close(), "still served in clear at " + ip);
        }
    }
}
