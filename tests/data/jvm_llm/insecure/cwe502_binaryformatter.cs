public object Deserialize(byte[] data)
{
    using (var ms = new MemoryStream(data))
    {
        var formatter = new BinaryFormatter();
        return formatter.Deserialize(ms);
    }
}
