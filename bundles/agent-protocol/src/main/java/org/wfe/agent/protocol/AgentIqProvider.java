package org.wfe.agent.protocol;

import java.io.IOException;

import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.IQProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Reads the text of any protocol element without judging it: a body that is not valid JSON (or has child
 * elements) still becomes an {@link AgentIq}, so the handler can answer it with a clear error instead of
 * Smack dropping the stream over a parse failure.
 */
public final class AgentIqProvider extends IQProvider<AgentIq> {

    @Override
    public AgentIq parse(XmlPullParser parser, int initialDepth, XmlEnvironment env) throws XmlPullParserException, IOException {
        String element = parser.getName();
        String kind = parser.getAttributeValue("", "kind");
        StringBuilder text = new StringBuilder();
        boolean children = false;
        while (true) {
            XmlPullParser.Event ev = parser.next();
            switch (ev) {
                case TEXT_CHARACTERS -> text.append(parser.getText());
                case START_ELEMENT -> children = true;
                case END_ELEMENT -> {
                    if (parser.getDepth() == initialDepth) {
                        // child elements are not part of the protocol: make the body undecodable on purpose
                        return new AgentIq(kind, children ? "<xml child elements>" + text : text.toString());
                    }
                }
                case END_DOCUMENT -> throw new XmlPullParserException("unexpected end of the stream inside <" + element + "/>");
                default -> { }
            }
        }
    }
}
