using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


public static class Db
{
    public static SqlConnection Open()
    {
        var conn = new SqlConnection("Server=sql01;Database=Payroll;User Id=payroll_app;Password=Payr0ll#2024;");
        conn.Open();
        return conn;
    }
}
