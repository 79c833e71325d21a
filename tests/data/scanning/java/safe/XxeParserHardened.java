import java.io.InputStream;
import javax.xml.parsers.*;
import org.w3c.dom.*;

public class InvoiceParser {
    public Invoice parse(InputStream xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        Document doc = builder.parse(xml);
        Element root = doc.getDocumentElement();
        return new Invoice(root.getAttribute("number"), root.getElementsByTagName("total").item(0).getTextContent());
    }
}
