public Customer read(InputStream xml) throws Exception {
    JAXBContext context = JAXBContext.newInstance(Customer.class);
    XMLInputFactory xif = XMLInputFactory.newFactory();
    XMLStreamReader xsr = xif.createXMLStreamReader(xml);
    return (Customer) context.createUnmarshaller().unmarshal(xsr);
}
