package org.wfe.agent.protocol;

/** Names and limits both sides agree on. */
public final class Protocol {

    public static final String NAMESPACE = "urn:wfe:agent:1";
    public static final String EXEC = "exec";
    public static final String KILL = "kill";
    public static final String OUTPUT = "output";
    public static final String RESULT = "result";

    /** Agents log in with this resource, so that IQs can reach them at a known full JID. */
    public static final String AGENT_RESOURCE = "wfe-agent";

    /**
     * Largest JSON body we send. Prosody refuses stanzas over 256 KiB ({@code c2s_stanza_size_limit});
     * XML escaping and the envelope need room.
     */
    public static final int MAX_BODY_CHARS = 160 * 1024;

    private Protocol() {
    }
}
