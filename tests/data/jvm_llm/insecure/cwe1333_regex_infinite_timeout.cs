public static bool Matches(string pattern, string input)
{
    var regex = new Regex(pattern, RegexOptions.IgnoreCase, Regex.InfiniteMatchTimeout);
    return regex.IsMatch(input);
}
