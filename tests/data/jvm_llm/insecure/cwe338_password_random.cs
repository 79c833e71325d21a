public string CreateTemporaryPassword()
{
    const string chars = "abcdefghijkmnopqrstuvwxyz23456789!@#";
    var rnd = new Random();
    return new string(Enumerable.Repeat(chars, 12).Select(s => s[rnd.Next(s.Length)]).ToArray());
}
