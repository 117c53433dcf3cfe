package org.wfe.ssh.impl;

import java.io.IOException;

import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wfe.api.user.Users;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the SSH server while Gogo is present, with the configuration of PID {@code org.wfe.ssh}. A new configuration
 * restarts it; a bad one (port out of range, a word for a number, a blank host) is refused with one log line and the
 * running server stays as it was, so that a typo in etc/org.wfe.ssh.cfg never locks operators out.
 */
@Component(name = "org.wfe.ssh", configurationPid = "org.wfe.ssh", immediate = true)
@Designate(ocd = SshComponent.Config.class)
public class SshComponent {

    @ObjectClassDefinition(id = "org.wfe.ssh", name = "Workflow engine SSH server",
            description = "Remote Gogo shell over SSH for the user admin (used by ./wfe exec and ./wfe shell)")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Start the SSH server")
        boolean enabled() default true;

        @AttributeDefinition(name = "Host", description = "Address to bind; keep 127.0.0.1 unless remote logins are needed")
        String host() default "127.0.0.1";

        // 0 by default, like HTTP, so that engines with different homes run side by side; ./wfe reads the
        // chosen port from var/run/ssh.port. Set a fixed one (Karaf uses 8101) for plain ssh clients.
        @AttributeDefinition(name = "Port", description = "TCP port; 0 picks a free one (written to var/run/ssh.port)",
                min = "0", max = "65535")
        int port() default 0;

        @AttributeDefinition(name = "Idle timeout", description = "Seconds without traffic before a session is closed; 0 = never",
                min = "0")
        long idleTimeout() default 1800;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SshComponent.class);

    @Reference
    CommandProcessor processor;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Users users;

    private GogoSshServer server;
    private Config lastGood;

    @Activate
    void activate(BundleContext context, Config config) throws IOException {
        SshSettings settings = SshSettings.of(config.enabled(), config.host(), config.port(), config.idleTimeout());
        if (!settings.enabled()) {
            LOG.info("SSH server disabled (configuration org.wfe.ssh, enabled=false)");
            return;
        }
        SshHome home = SshHome.of(context.getProperty(SshHome.HOME_PROPERTY));
        server = GogoSshServer.start(settings, home, processor, context::getProperty, () -> users);
        if (!settings.loopbackOnly()) {
            LOG.warn("SSH server bound to {}: the Gogo shell can stop the engine, protect the admin credentials",
                    settings.host());
        }
        LOG.info("SSH server listening on {}:{} (port in {})", settings.host(), server.port(), home.portFile());
        lastGood = config;
    }

    @Modified
    void modified(BundleContext context, Config config) throws IOException {
        try {
            SshSettings.of(config.enabled(), config.host(), config.port(), config.idleTimeout());
        } catch (RuntimeException e) {
            LOG.error("configuration org.wfe.ssh refused, the SSH server keeps its last good configuration: {}", e.getMessage());
            return;
        }
        deactivate();
        try {
            activate(context, config);
        } catch (IOException | RuntimeException e) { // e.g. the new port is taken: back to what worked
            LOG.error("configuration org.wfe.ssh cannot be applied ({}), restarting with the last good one", e.getMessage());
            if (lastGood != null) {
                activate(context, lastGood);
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
