using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


public class OrdersController : Controller
{
    private readonly ShopContext _db;
    public OrdersController(ShopContext db) { _db = db; }

    public IActionResult ByCustomer(string email)
    {
        var orders = _db.Orders.FromSqlInterpolated($"SELECT * FROM Orders WHERE Email = {email}").ToList();
        return Ok(orders);
    }
}
