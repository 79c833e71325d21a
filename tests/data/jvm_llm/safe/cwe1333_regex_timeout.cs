public static bool Matches(string pattern, string input)
{
    var regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(250));
    try
    {
        return regex.IsMatch(input);
    }
    catch (RegexMatchTimeoutException)
    {
        return false;
    }
}
