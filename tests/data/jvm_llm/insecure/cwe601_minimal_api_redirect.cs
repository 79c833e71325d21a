app.MapGet("/go", (string target) => Results.Redirect(target));
