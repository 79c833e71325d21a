using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.IO;
using System.Xml;

public static class InvoiceReader
{
    public static XmlReader Open(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        return XmlReader.Create(new StringReader(xml), settings);
    }
}
