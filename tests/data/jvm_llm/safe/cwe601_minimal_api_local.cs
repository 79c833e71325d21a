app.MapGet("/go", (string target) =>
    Uri.IsWellFormedUriString(target, UriKind.Relative) && target.StartsWith("/") && !target.StartsWith("//")
        ? Results.LocalRedirect(target)
        : Results.Redirect("/"));
