private const string ConnectionString = "Server=db.example.com;Database=Shop;User Id=sa;Password=P@ssw0rd123;";

public SqlConnection Open()
{
    var conn = new SqlConnection(ConnectionString);
    conn.Open();
    return conn;
}
