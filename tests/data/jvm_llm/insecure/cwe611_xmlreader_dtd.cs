var settings = new XmlReaderSettings();
settings.DtdProcessing = DtdProcessing.Parse;
settings.XmlResolver = new XmlUrlResolver();
using (var reader = XmlReader.Create(stream, settings))
{
    while (reader.Read()) { }
}
