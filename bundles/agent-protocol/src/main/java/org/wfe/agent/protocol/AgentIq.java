package org.wfe.agent.protocol;

import org.jivesoftware.smack.packet.IQ;

/** One protocol IQ: child element {@code <wfe xmlns='urn:wfe:agent:1' kind='exec'>JSON</wfe>}. */
public final class AgentIq extends IQ {

    private final String kind;
    private final String body;

    public AgentIq(String kind, String body) {
        super(Protocol.ELEMENT, Protocol.NAMESPACE);
        this.kind = kind == null ? "" : kind;
        this.body = body == null ? "" : body;
        setType(Type.set);
    }

    /** {@code exec}, {@code kill}, {@code output} or {@code result} (anything, as received). */
    public String kind() {
        return kind;
    }

    /** The JSON text; decode it with {@link Codec#decode(AgentIq)}. */
    public String body() {
        return body;
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        xml.attribute("kind", kind);
        if (body.isEmpty()) {
            xml.setEmptyElement();
            return xml;
        }
        xml.rightAngleBracket();
        xml.escape(body);
        return xml;
    }
}
