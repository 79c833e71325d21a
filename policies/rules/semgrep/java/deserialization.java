import java.beans.XMLDecoder;
import java.io.*;
import javax.xml.XMLConstants;
import javax.xml.parsers.*;
import javax.xml.stream.XMLInputFactory;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.LoaderOptions;
import com.fasterxml.jackson.databind.ObjectMapper;

public class DeserializationExamples {
    public Object readSession(InputStream in) throws Exception {
        ObjectInputStream ois = new ObjectInputStream(in);
        // ruleid: java.insecure-deserialization
        return ois.readObject();
    }

    public Object readFiltered(InputStream in) throws Exception {
        ObjectInputStream ois = new ObjectInputStream(in);
        ois.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.dto.*;!*"));
        // ok: java.insecure-deserialization
        return ois.readObject();
    }

    public Object readBean(InputStream in) {
        // ruleid: java.insecure-deserialization
        return new XMLDecoder(in).readObject();
    }

    public Object readYaml(String text) {
        // ruleid: java.insecure-deserialization
        Object unsafe = new Yaml().load(text);
        // ok: java.insecure-deserialization
        Object safe = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        return unsafe == null ? safe : unsafe;
    }

    public Dto readJson(String json) throws Exception {
        // ok: java.insecure-deserialization
        return new ObjectMapper().readValue(json, Dto.class);
    }

    public Document parse(InputStream in) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        // ruleid: java.xxe
        return dbf.newDocumentBuilder().parse(in);
    }

    public Document parseSafe(InputStream in) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.setXIncludeAware(false);
        // ok: java.xxe
        return dbf.newDocumentBuilder().parse(in);
    }

    public void sax(InputStream in, org.xml.sax.helpers.DefaultHandler h) throws Exception {
        SAXParserFactory spf = SAXParserFactory.newInstance();
        // ruleid: java.xxe
        spf.newSAXParser().parse(in, h);
    }

    public void saxHardenedAttribute(InputStream in, org.xml.sax.helpers.DefaultHandler h) throws Exception {
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setFeature("http://xml.org/sax/features/external-general-entities", false);
        // ok: java.xxe
        spf.newSAXParser().parse(in, h);
    }

    public void configuredByHelper(InputStream in) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        harden(dbf);
        // ok: java.xxe
        dbf.newDocumentBuilder().parse(in);
    }

    public void fromHelper(InputStream in) throws Exception {
        DocumentBuilderFactory dbf = XmlSupport.secureFactory();
        // ok: java.xxe
        dbf.newDocumentBuilder().parse(in);
    }

    public void transform(Source xslt, Source in, Result out) throws Exception {
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        // ruleid: java.xxe
        tf.newTransformer(xslt).transform(in, out);
    }

    public void transformClosed(Source xslt, Source in, Result out) throws Exception {
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        // ok: java.xxe
        tf.newTransformer(xslt).transform(in, out);
    }

    public void stax(InputStream in) throws Exception {
        // ruleid: java.xxe
        XMLInputFactory xif = XMLInputFactory.newInstance();
        xif.createXMLStreamReader(in);
    }

    public void staxSafe(InputStream in) throws Exception {
        // ok: java.xxe
        XMLInputFactory xif = XMLInputFactory.newInstance();
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xif.createXMLStreamReader(in);
    }
}

class YamlLoading {
    public Object loadConfig(String text) {
        Yaml yaml = new Yaml();
        // ruleid: java.insecure-deserialization
        return yaml.load(text);
    }

    public Object loadSafe(String text) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        // ok: java.insecure-deserialization
        return yaml.load(text);
    }
}

class MoreXmlParsers {
    Document dom4j(InputStream in) throws Exception {
        // ruleid: java.xxe
        SAXReader reader = new SAXReader();
        return reader.read(in);
    }

    Document dom4jHardened(InputStream in) throws Exception {
        // ok: java.xxe
        SAXReader reader = new SAXReader();
        reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return reader.read(in);
    }

    void inline(InputStream in, DefaultHandler handler) throws Exception {
        // ruleid: java.xxe
        SAXParserFactory.newInstance().newSAXParser().parse(in, handler);
    }

    static class SharedFactory {
        private static final DocumentBuilderFactory FACTORY = DocumentBuilderFactory.newInstance();

        Document read(InputStream in) throws Exception {
            // ruleid: java.xxe
            return FACTORY.newDocumentBuilder().parse(in);
        }
    }

    static class SharedHardenedFactory {
        private static final DocumentBuilderFactory FACTORY = DocumentBuilderFactory.newInstance();

        static {
            FACTORY.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        }

        Document read(InputStream in) throws Exception {
            // ok: java.xxe
            return FACTORY.newDocumentBuilder().parse(in);
        }
    }

    static class IncomeListener implements MessageListener {
        public void onMessage(Message message) {
            if (message instanceof ObjectMessage) {
                ObjectMessage msg = (ObjectMessage) message;
                // ruleid: java.jms-object-message
                Object income = msg.getObject();
                // ruleid: java.jms-object-message
                Object again = ((ObjectMessage) message).getObject();
            } else if (message instanceof TextMessage) {
                TextMessage text = (TextMessage) message;
                // ok: java.jms-object-message
                String body = text.getText();
            }
            // ok: java.jms-object-message
            Object cached = cache.getObject();
        }
    }
}
