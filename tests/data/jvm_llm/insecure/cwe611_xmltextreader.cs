public void ReadConfig(Stream input)
{
    XmlTextReader reader = new XmlTextReader(input);
    while (reader.Read())
    {
        Console.WriteLine(reader.Name);
    }
}
