package org.wfe.agent.protocol;

/** Names and limits both sides agree on. */
public final class Protocol {

    public static final String NAMESPACE = "urn:wfe:agent:1";
    /**
     * The one child element of every protocol IQ; its {@code kind} attribute names the message. One element
     * (rather than one per kind) means any payload in our namespace reaches our handler, which can answer
     * an unknown kind clearly: Smack 4.4.8's own reply to an unknown element is broken XML that makes the
     * server close the replying side's stream.
     */
    public static final String ELEMENT = "wfe";
    public static final String EXEC = "exec";
    public static final String KILL = "kill";
    public static final String OUTPUT = "output";
    public static final String RESULT = "result";
    /** Controller to agent: what do you know of this job ({@link ScriptQuery}); answered with a {@link #STATUS}. */
    public static final String QUERY = "query";
    /** The answer to a query ({@link ScriptStatus}), in the result IQ itself. */
    public static final String STATUS = "status";
    /** Agent to controller: its facts and labels, at each login and when they change ({@link FactsReport}). */
    public static final String FACTS = "facts";
    /** One piece of a message too big for one stanza ({@link MessagePart}, {@link Parts}). */
    public static final String PART = "part";

    /** Agents log in with this resource, so that IQs can reach them at a known full JID. */
    public static final String AGENT_RESOURCE = "wfe-agent";

    /**
     * The controller's default resource. Agents send a job's output and result to the resource that last
     * commanded it (exec or query) while it is online, else to any online resource of the controller's
     * account (one per engine node in a cluster); they obey the account's bare JID.
     */
    public static final String CONTROLLER_RESOURCE = "wfe-controller";

    /**
     * Largest body we send, measured as it goes on the wire ({@link Codec#wireSize}: UTF-8 bytes of the
     * XML-escaped JSON). Prosody refuses stanzas over 256 KiB ({@code c2s_stanza_size_limit}) by closing the
     * sender's whole stream, so the envelope keeps some room too.
     */
    public static final int MAX_BODY_BYTES = 200 * 1024;

    /**
     * Largest message (exec, result, output...), measured as {@link #MAX_BODY_BYTES} is: what the seed's messages
     * could carry. One over {@link #MAX_BODY_BYTES} goes as {@link MessagePart}s, each a stanza of its own.
     */
    public static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    private Protocol() {
    }
}
