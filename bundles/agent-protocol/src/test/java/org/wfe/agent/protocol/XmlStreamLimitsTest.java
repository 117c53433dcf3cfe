package org.wfe.agent.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;

import org.jivesoftware.smack.xml.XmlPullParser;
import org.junit.jupiter.api.Test;

/**
 * An XMPP connection is one XML document that lasts as long as the connection. The JDK (24 and later)
 * caps what a document may expand from entity references over its whole length (jdk.xml.totalEntitySizeLimit,
 * 100,000): every {@code &quot;} of every JSON body counts, so a busy connection used to be dropped with
 * "JAXP00010004" after some 2 MB.
 */
class XmlStreamLimitsTest {

    @Test
    void aLongStreamFullOfEscapedQuotesParsesToItsEnd() throws Exception {
        Codec.useXmlParser();
        String stanza = "<iq type='set' id='x'><exec xmlns='urn:wfe:agent:1'>{&quot;job&quot;:&quot;j&quot;,&quot;s&quot;:&apos;&amp;&lt;&gt;&apos;}</exec></iq>";
        int stanzas = 30_000; // 300,000 entity references, 3x the JDK's default budget
        StringBuilder doc = new StringBuilder("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
        doc.append(stanza.repeat(stanzas)).append("</stream:stream>");
        XmlPullParser p = org.jivesoftware.smack.xml.SmackXmlParser.newXmlParser(new StringReader(doc.toString()));
        int iqs = 0;
        for (XmlPullParser.Event e = p.next(); e != XmlPullParser.Event.END_DOCUMENT; e = p.next()) {
            if (e == XmlPullParser.Event.START_ELEMENT && "iq".equals(p.getName())) {
                iqs++;
            }
        }
        assertEquals(stanzas, iqs);
    }
}
