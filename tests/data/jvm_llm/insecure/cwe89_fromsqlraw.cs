[HttpGet("search")]
public async Task<IActionResult> Search(string name)
{
    var products = await _context.Products
        .FromSqlRaw("SELECT * FROM Products WHERE Name LIKE '%" + name + "%'")
        .ToListAsync();
    return Ok(products);
}
