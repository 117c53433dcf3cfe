package org.wfe.agent.protocol;

import org.jivesoftware.smack.packet.IQ;

/** One protocol IQ: child element {@code <kind xmlns='urn:wfe:agent:1'>JSON</kind>}. */
public final class AgentIq extends IQ {

    private final String body;

    public AgentIq(String element, String body) {
        super(element, Protocol.NAMESPACE);
        this.body = body == null ? "" : body;
        setType(Type.set);
    }

    /** The JSON text; decode it with {@link Codec#decode(AgentIq)}. */
    public String body() {
        return body;
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        if (body.isEmpty()) {
            xml.setEmptyElement();
            return xml;
        }
        xml.rightAngleBracket();
        xml.escape(body);
        return xml;
    }
}
