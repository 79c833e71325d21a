public string ReadUserFile(string name)
{
    string fullPath = Path.Combine(@"C:\data\users", name);
    return File.ReadAllText(fullPath);
}
