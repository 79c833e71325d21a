using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.IO;
using System.Runtime.Serialization.Formatters.Binary;

public static class SessionStore
{
    public static object Load(byte[] data)
    {
        var formatter = new BinaryFormatter();
        using var ms = new MemoryStream(data);
        return formatter.Deserialize(ms);
    }
}
