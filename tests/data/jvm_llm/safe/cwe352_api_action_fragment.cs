[HttpPost]
public IActionResult CreateOrder([FromBody] Order order)
{
    _orders.Add(order);
    return CreatedAtAction(nameof(GetOrder), new { id = order.Id }, order);
}
