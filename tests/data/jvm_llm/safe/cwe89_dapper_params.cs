public async Task<IEnumerable<Product>> Search(string term)
{
    using var db = new SqlConnection(_connectionString);
    return await db.QueryAsync<Product>("SELECT * FROM Products WHERE Name LIKE @Term", new { Term = "%" + term + "%" });
}
