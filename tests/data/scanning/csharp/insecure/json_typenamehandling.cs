using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using Newtonsoft.Json;

public static class MessageParser
{
    public static object Parse(string json)
    {
        var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto };
        return JsonConvert.DeserializeObject(json, settings);
    }
}
