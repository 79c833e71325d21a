public static bool IsValidUsername(string username)
{
    var regex = new Regex("^([a-zA-Z0-9]|[a-zA-Z0-9_]+)+$");
    return regex.IsMatch(username);
}
