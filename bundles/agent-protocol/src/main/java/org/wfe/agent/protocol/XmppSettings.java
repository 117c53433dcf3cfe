package org.wfe.agent.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * Where and as whom one side logs in. The password never appears in {@link #toString()}.
 *
 * @param tls {@code disabled} (plain, for loopback tests) or {@code required}
 * @param trustStore a JKS or PKCS12 file with the CA that signed the server's certificate; null: the JDK's
 */
public record XmppSettings(String host, int port, String domain, String user, String password, String resource,
        String tls, Path trustStore, String trustStorePassword) {

    public XmppSettings {
        Codec.requireText(host, "xmppserver");
        Codec.requireText(user, "user");
        Codec.requireText(resource, "resource");
        if (password == null || password.isEmpty()) {
            throw new ProtocolException("a password is required for XMPP user " + user);
        }
        if (port < 1 || port > 65535) {
            throw new ProtocolException("port must be within 1..65535, got " + port);
        }
        domain = domain == null || domain.isBlank() ? host : domain.strip();
        tls = tls == null || tls.isBlank() ? "required" : tls.strip().toLowerCase(Locale.ROOT);
        if (!tls.equals("required") && !tls.equals("disabled")) {
            throw new ProtocolException("tls must be 'required' or 'disabled', got '" + tls + "'");
        }
        if (trustStore != null && !Files.isReadable(trustStore)) {
            throw new ProtocolException("trust store " + trustStore + " cannot be read");
        }
    }

    /** Smack's configuration: no stream management (a killed peer must go offline at once, not hibernate). */
    public XMPPTCPConnectionConfiguration toConfiguration() {
        try {
            XMPPTCPConnectionConfiguration.Builder b = XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain(domain).setHost(host).setPort(port)
                    .setUsernameAndPassword(user, password).setResource(resource)
                    .setConnectTimeout(5000)
                    // small request/answer stanzas: without TCP_NODELAY each waits for a delayed ACK (~40 ms)
                    .setSocketFactory(new NoDelaySocketFactory())
                    .setSecurityMode(tls.equals("required") ? SecurityMode.required : SecurityMode.disabled);
            if (trustStore != null) {
                b.setCustomX509TrustManager(trustManager());
            }
            return b.build();
        } catch (XmppStringprepException e) {
            throw new ProtocolException("not a valid XMPP domain, user or resource: " + e.getMessage(), e);
        }
    }

    private X509TrustManager trustManager() {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(in, trustStorePassword == null ? null : trustStorePassword.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new ProtocolException("trust store " + trustStore + " gave no X.509 trust manager");
        } catch (IOException | GeneralSecurityException e) {
            throw new ProtocolException("cannot load trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return user + "@" + domain + "/" + resource + " via " + host + ":" + port + " (tls " + tls
                + (trustStore == null ? "" : ", trust store " + trustStore) + ")";
    }
}
