using System;
using System.IO;
using System.Xml;

public class XmlImport
{
    public string LoadWithResolver(string input)
    {
        XmlDocument xmlDoc = new XmlDocument();
        xmlDoc.XmlResolver = new XmlUrlResolver();
        // ruleid: csharp.xxe-untrusted-document
        xmlDoc.LoadXml(input);
        return xmlDoc.InnerText;
    }

    public string LoadDefault(string input)
    {
        XmlDocument xmlDoc = new XmlDocument();
        // ok: csharp.xxe-untrusted-document
        xmlDoc.LoadXml(input);
        return xmlDoc.InnerText;
    }

    public string LoadBundled(string input)
    {
        XmlDocument xmlDoc = new XmlDocument();
        xmlDoc.XmlResolver = new XmlUrlResolver();
        // ok: csharp.xxe-untrusted-document
        xmlDoc.Load("config/defaults.xml");
        return xmlDoc.InnerText + input;
    }

    public void ReadWithDtd(string input)
    {
        XmlReaderSettings settings = new XmlReaderSettings();
        settings.DtdProcessing = DtdProcessing.Parse;
        using (var text = new StringReader(input))
        {
            // ruleid: csharp.xxe-untrusted-document
            XmlReader reader = XmlReader.Create(text, settings);
            while (reader.Read()) { }
        }
    }

    public void ReadInitialized(Stream body)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse };
        // ruleid: csharp.xxe-untrusted-document
        using var reader = XmlReader.Create(body, settings);
        while (reader.Read()) { }
    }

    public void ReadProhibited(string input)
    {
        XmlReaderSettings settings = new XmlReaderSettings();
        settings.DtdProcessing = DtdProcessing.Prohibit;
        // ok: csharp.xxe-untrusted-document
        XmlReader reader = XmlReader.Create(new StringReader(input), settings);
        while (reader.Read()) { }
    }

    public void ReadTrusted(string input)
    {
        XmlReaderSettings settings = new XmlReaderSettings();
        settings.DtdProcessing = DtdProcessing.Parse;
        var shipped = LoadEmbeddedSchema();
        // ok: csharp.xxe-untrusted-document
        XmlReader reader = XmlReader.Create(new StringReader(shipped), settings);
        while (reader.Read()) { }
    }

    public void TextReader(string userInput)
    {
        XmlTextReader myReader = new XmlTextReader(new StringReader(userInput));
        // ruleid: csharp.xxe-untrusted-document
        while (myReader.Read())
        {
            Console.WriteLine(myReader.Value);
        }
    }

    public void TextReaderProhibited(string userInput)
    {
        XmlTextReader myReader = new XmlTextReader(new StringReader(userInput));
        myReader.DtdProcessing = DtdProcessing.Prohibit;
        // ok: csharp.xxe-untrusted-document
        while (myReader.Read())
        {
            Console.WriteLine(myReader.Value);
        }
    }
}
