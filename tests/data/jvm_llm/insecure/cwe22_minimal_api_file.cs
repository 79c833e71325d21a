app.MapGet("/files/{name}", (string name) =>
{
    var path = Path.Combine("/var/data", name);
    return Results.File(path);
});
