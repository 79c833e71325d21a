public bool Matches(string input, string pattern)
{
    return Regex.IsMatch(input, pattern);
}
