var settings = new XsltSettings(true, true);
var xslt = new XslCompiledTransform();
xslt.Load(stylesheetPath, settings, new XmlUrlResolver());
