using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using Dapper;

public class ProductRepository
{
    public IEnumerable<Product> Search(SqlConnection conn, string term)
    {
        return conn.Query<Product>("SELECT * FROM Products WHERE Name LIKE @pattern", new { pattern = "%" + term + "%" });
    }
}
