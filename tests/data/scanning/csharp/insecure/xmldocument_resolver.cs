using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.Xml;

public static class InvoiceReader
{
    public static string ReadTotal(string xml)
    {
        var doc = new XmlDocument();
        doc.XmlResolver = new XmlUrlResolver();
        doc.LoadXml(xml);
        return doc.SelectSingleNode("/invoice/total")?.InnerText;
    }
}
