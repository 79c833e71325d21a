public object LoadPlugin(string path, string typeName)
{
    var assembly = Assembly.LoadFrom(path);
    return assembly.CreateInstance(typeName);
}
