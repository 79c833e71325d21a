public object Create(string typeName)
{
    Type type = Type.GetType(typeName);
    return Activator.CreateInstance(type);
}
