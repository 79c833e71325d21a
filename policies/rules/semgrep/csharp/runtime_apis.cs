using System;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

public struct Inline<T>
{
    private T _e0;

    // ruleid: csharp.unchecked-span-creation
    public Span<T> AsSpan() => MemoryMarshal.CreateSpan(ref _e0, 4);

    // ruleid: csharp.unchecked-span-creation
    public ReadOnlySpan<T> AsReadOnlySpan() => MemoryMarshal.CreateReadOnlySpan(ref _e0, 4);

    public Span<byte> Header(byte[] buffer)
    {
        // ok: csharp.unchecked-span-creation
        var checkedSpan = buffer.AsSpan(0, 8);
        // ok: csharp.unchecked-span-creation
        var whole = new Span<byte>(buffer);
        // ruleid: csharp.unchecked-span-creation
        return MemoryMarshal.CreateSpan(ref buffer[0], 16);
    }
}

public class Search
{
    public bool Find(string pattern, string text)
    {
        // ruleid: csharp.regex-unbounded-timeout
        var forever = new Regex(pattern, RegexOptions.IgnoreCase, TimeSpan.InfiniteMatchTimeout);
        // ruleid: csharp.regex-unbounded-timeout
        var minute = new Regex(pattern, RegexOptions.None, TimeSpan.FromMinutes(1));
        // ruleid: csharp.regex-unbounded-timeout
        var tenSeconds = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(30));
        // ruleid: csharp.regex-unbounded-timeout
        var once = Regex.IsMatch(text, pattern, RegexOptions.None, Regex.InfiniteMatchTimeout);
        // ok: csharp.regex-unbounded-timeout
        var bounded = new Regex(pattern, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        // ok: csharp.regex-unbounded-timeout
        var quick = Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(200));
        // ok: csharp.regex-unbounded-timeout
        var constant = new Regex("^[a-z0-9]+$", RegexOptions.None, TimeSpan.InfiniteMatchTimeout);
        // ok: csharp.regex-unbounded-timeout
        var linear = new Regex(pattern, RegexOptions.NonBacktracking, TimeSpan.InfiniteMatchTimeout);
        return forever.IsMatch(text) && minute.IsMatch(text) && tenSeconds.IsMatch(text) && once && bounded.IsMatch(text) && quick && constant.IsMatch(text) && linear.IsMatch(text);
    }
}
