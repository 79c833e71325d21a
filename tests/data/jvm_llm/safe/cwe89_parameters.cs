public User GetUser(string username)
{
    using var connection = new SqlConnection(_connectionString);
    connection.Open();
    using var command = new SqlCommand("SELECT * FROM Users WHERE Username = @username", connection);
    command.Parameters.AddWithValue("@username", username);
    using var reader = command.ExecuteReader();
    return reader.Read() ? new User(reader["Username"].ToString()) : null;
}
