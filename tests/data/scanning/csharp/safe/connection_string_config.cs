using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using Microsoft.Extensions.Configuration;

public class Db
{
    private readonly IConfiguration _config;
    public Db(IConfiguration config) { _config = config; }
    public SqlConnection Open()
    {
        var conn = new SqlConnection(_config.GetConnectionString("Payroll"));
        conn.Open();
        return conn;
    }
}
