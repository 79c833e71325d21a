var cmd = connection.CreateCommand();
cmd.CommandText = $"DELETE FROM Orders WHERE Id = {orderId}";
cmd.ExecuteNonQuery();
