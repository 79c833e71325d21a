using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


public class UserRepository
{
    public int DeleteUser(SqlConnection conn, string username)
    {
        var cmd = new SqlCommand("DELETE FROM Users WHERE Username = '" + username + "'", conn);
        return cmd.ExecuteNonQuery();
    }
}
