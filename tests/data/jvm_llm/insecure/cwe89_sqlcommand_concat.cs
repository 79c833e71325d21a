public User GetUser(string username)
{
    using (var connection = new SqlConnection(_connectionString))
    {
        connection.Open();
        string query = "SELECT * FROM Users WHERE Username = '" + username + "'";
        using (var command = new SqlCommand(query, connection))
        using (var reader = command.ExecuteReader())
        {
            return reader.Read() ? new User(reader["Username"].ToString()) : null;
        }
    }
}
