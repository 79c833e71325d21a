public Order Parse(string json)
{
    return JsonSerializer.Deserialize<Order>(json);
}
