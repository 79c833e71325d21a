using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.Net.Http;

public static class ApiClientFactory
{
    public static HttpClient Create() => new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
}
