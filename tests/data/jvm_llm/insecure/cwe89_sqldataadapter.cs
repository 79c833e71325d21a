public DataTable GetOrders(string customerId)
{
    var table = new DataTable();
    using (var conn = new SqlConnection(_connStr))
    {
        var adapter = new SqlDataAdapter("SELECT * FROM Orders WHERE CustomerId = " + customerId, conn);
        adapter.Fill(table);
    }
    return table;
}
