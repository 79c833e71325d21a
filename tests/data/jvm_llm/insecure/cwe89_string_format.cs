string sql = string.Format("SELECT * FROM Accounts WHERE Owner = '{0}'", owner);
using (SqlCommand cmd = new SqlCommand(sql, connection))
{
    var reader = cmd.ExecuteReader();
}
