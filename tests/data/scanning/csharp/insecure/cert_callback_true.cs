using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.Net.Http;

public static class ApiClientFactory
{
    public static HttpClient Create()
    {
        var handler = new HttpClientHandler();
        handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => true;
        return new HttpClient(handler);
    }
}
