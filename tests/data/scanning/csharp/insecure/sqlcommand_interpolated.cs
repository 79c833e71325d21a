using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


public class ProductRepository
{
    public SqlDataReader Search(SqlConnection conn, string term)
    {
        string sql = $"SELECT * FROM Products WHERE Name LIKE '%{term}%'";
        using var cmd = new SqlCommand(sql, conn);
        return cmd.ExecuteReader();
    }
}
