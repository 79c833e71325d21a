public SqlConnection Open()
{
    var conn = new SqlConnection(_configuration.GetConnectionString("Shop"));
    conn.Open();
    return conn;
}
