package org.wfe.paxexam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** The assembled runtime, started by Pax Exam in Felix: every bundle active, the console locked down. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineEndToEndTest {

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        Path work = Path.of(System.getProperty("wfe.paxexam.work", "target/paxexam"));
        Path home = Files.createTempDirectory("wfe-paxexam-home");
        Files.createDirectories(home.resolve("etc"));
        Files.copy(RuntimeBundles.checkout().resolve("runtime/etc/gosh_profile"), home.resolve("etc/gosh_profile"));
        List<Option> opts = new ArrayList<>(RuntimeBundles.options(work.resolve("bundles")));
        opts.add(junitBundles());
        // a cold start of the whole runtime takes longer than Pax Exam's default 10 s on 2 busy cores
        opts.add(systemTimeout(120_000));
        opts.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        opts.add(frameworkStartLevel(20));
        opts.add(frameworkProperty("wfe.home").value(home.toString()));
        opts.add(frameworkProperty("felix.fileinstall.dir").value(home.resolve("deploy").toString()));
        opts.add(frameworkProperty("felix.webconsole.password").value("{sha-256}locked"));
        opts.add(frameworkProperty("org.osgi.service.http.port").value("0"));
        opts.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        opts.add(frameworkProperty("gosh.args").value("--nointeractive"));
        opts.add(frameworkProperty("gosh.home").value(home.toString()));
        // appended to Pax Exam's own extra system packages (setting the property would drop them)
        opts.add(systemPackages("sun.security.x509", "sun.security.pkcs11", "sun.misc"));
        for (String p : List.of("org.ops4j.pax.url.mvn.localRepository", "org.ops4j.pax.url.mvn.repositories")) {
            if (System.getProperty(p) != null) {
                opts.add(systemProperty(p).value(System.getProperty(p)));
            }
        }
        return options(opts.toArray(Option[]::new));
    }

    @Test
    public void everyRuntimeBundleIsActive() throws Exception {
        awaitAllActive();
        for (Bundle b : context.getBundles()) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                assertEquals(b.getSymbolicName() + " is not active", Bundle.ACTIVE, b.getState());
            }
        }
    }

    @Test
    public void webConsoleRefusesDefaultCredentialsAndAcceptsTheGeneratedPassword() throws Exception {
        String base = httpEndpoint();
        Path pwFile = Path.of(context.getProperty("wfe.home"), "etc/admin.password");
        long until = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(pwFile) && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        String password = Files.readString(pwFile).strip();
        assertEquals(401, status(base + "system/console/bundles", null));
        assertEquals(401, status(base + "system/console/bundles", "admin:admin"));
        int withPassword = 0;
        while (System.nanoTime() < until && (withPassword = status(base + "system/console/bundles", "admin:" + password)) != 200) {
            Thread.onSpinWait();
        }
        assertEquals(200, withPassword);
    }

    private void awaitAllActive() {
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < until) {
            boolean all = true;
            for (Bundle b : context.getBundles()) {
                all &= b.getHeaders().get(Constants.FRAGMENT_HOST) != null || b.getState() == Bundle.ACTIVE;
            }
            if (all) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    private String httpEndpoint() throws Exception {
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < until) {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null,
                    "(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)");
            if (refs != null) {
                Object ep = refs[0].getProperty("osgi.http.endpoint");
                String s = ep instanceof String[] a ? a[0] : ep instanceof java.util.Collection<?> c ? c.iterator().next().toString() : String.valueOf(ep);
                if (s != null && !s.equals("null")) {
                    return s;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no HTTP endpoint within 60 s");
    }

    private static int status(String url, String credentials) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        if (credentials != null) {
            c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }
}
