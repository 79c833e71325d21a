public Object load(InputStream in) {
    XMLDecoder decoder = new XMLDecoder(in);
    Object result = decoder.readObject();
    decoder.close();
    return result;
}
