import javax.xml.parsers.*;
import javax.xml.stream.XMLInputFactory;

public class FeedReader {
    void configure() throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        // ruleid: java.xxe-entities-enabled
        dbf.setFeature("http://xml.org/sax/features/external-general-entities", true);
        // ruleid: java.xxe-entities-enabled
        dbf.setFeature("http://xml.org/sax/features/external-parameter-entities" , true);
        // ok: java.xxe-entities-enabled
        dbf.setFeature("http://xml.org/sax/features/external-general-entities", false);
        // ok: java.xxe-entities-enabled
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        // ok: java.xxe-entities-enabled
        dbf.setFeature("http://xml.org/sax/features/namespaces", true);
        SAXParserFactory spf = SAXParserFactory.newInstance();
        // ruleid: java.xxe-entities-enabled
        spf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", true);
        XMLInputFactory xif = XMLInputFactory.newInstance();
        // ruleid: java.xxe-entities-enabled
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, true);
        // ruleid: java.xxe-entities-enabled
        xif.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, true);
        // ok: java.xxe-entities-enabled
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        // ok: java.xxe-entities-enabled
        xif.setProperty(XMLInputFactory.IS_COALESCING, true);
    }
}
