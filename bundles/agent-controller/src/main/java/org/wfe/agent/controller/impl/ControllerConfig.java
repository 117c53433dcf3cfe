package org.wfe.agent.controller.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration PID {@code org.wfe.agentcontroller}; with no {@code xmppserver} only the local agent runs. */
@ObjectClassDefinition(id = ControllerConfig.PID, name = "Workflow engine agent controller",
        description = "Where the controller logs in to XMPP to reach agents, and how it watches them")
public @interface ControllerConfig {
    String PID = "org.wfe.agentcontroller";

    @AttributeDefinition(name = "XMPP server", description = "Host of the XMPP server; empty: no remote agents, only 'local'", required = false)
    String xmppserver() default "";

    @AttributeDefinition(name = "Port", min = "1", max = "65535")
    int port() default 5222;

    @AttributeDefinition(name = "XMPP domain", description = "Empty: the server's host name", required = false)
    String domain() default "";

    @AttributeDefinition(name = "Controller account", description = "The controller's XMPP user name (agents obey only it)")
    String agentcontrollerguid() default "agentcontroller";

    @AttributeDefinition(name = "Resource", description = "The XMPP resource this engine logs in with; agents deliver to any online"
            + " resource of the account, so each engine of a cluster needs its own (e.g. its node id)")
    String resource() default org.wfe.agent.protocol.Protocol.CONTROLLER_RESOURCE;

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(name = "TLS", options = { @Option(value = "required"), @Option(value = "disabled") })
    String tls() default "required";

    @AttributeDefinition(name = "Trust store", description = "JKS/PKCS12 file with the CA of the server's certificate; empty: the JDK's", required = false)
    String truststore() default "";

    @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD, required = false)
    String truststore_password() default "";

    @AttributeDefinition(name = "Ping timeout (s)", description = "An agent running a script that answers no XMPP ping for this long is lost (frozen host)", min = "1")
    int pingtimeout() default 10;

    @AttributeDefinition(name = "Kill confirmation (s)", description = "How long a kill waits for the agent to confirm; the job ends anyway", min = "0")
    int killconfirmtimeout() default 10;

    @AttributeDefinition(name = "Reconnect grace (s)", description = "After losing the XMPP server, how long running scripts wait for it and their agents to come back", min = "1")
    int reconnectgrace() default 60;

    @AttributeDefinition(name = "Offline grace (s)", description = "An agent gone offline while running a script (the server confirms"
            + " it has no session) has this long to come back before its scripts end ERROR; back in time, it is asked about each", min = "0")
    int offlinegrace() default 15;

    @AttributeDefinition(name = "Accept every agent (labs only)", description = "On: every agent account of the domain that nobody"
            + " rejected gets work without an operator accepting it. Off (the default): a new agent is pending until wfe:agent-accept")
    boolean autoaccept() default false;

    @AttributeDefinition(name = "Insecure XMPP", description = "Allow tls=disabled towards an XMPP server that is not on this host"
            + " (passwords, scripts and params then cross the network in clear); warned at every start")
    boolean insecure() default false;

    @AttributeDefinition(name = "Local agent", description = "Run scripts for agent 'local' on the engine's own host")
    boolean localagent() default true;
}
