using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Vigil.Runtime;

/// <summary>A compiled RE2 pattern: the .NET regex plus RE2's group numbering for named groups.</summary>
public sealed class Re2Pattern
{
    private readonly Dictionary<string, int>? _names;

    internal Re2Pattern(Regex regex, Dictionary<string, int>? names)
    {
        Regex = regex;
        _names = names;
    }

    public Regex Regex { get; }

    /// <summary>RE2 group number of a named group, or -1.</summary>
    public int GroupNumber(string name) => _names is not null && _names.TryGetValue(name, out int n) ? n : -1;
}

/// <summary>
/// Compiles RE2 patterns (regex(), regex_match) and replace() globs once per distinct text and caches them.
/// Patterns are nearly always rule constants, but some are built at run time (a regex spliced from a table
/// lookup), so the caches are bounded: when one is full it is emptied and refills with what is in use.
/// Regexes run on .NET's NonBacktracking engine when the pattern allows it — linear time like RE2, so a
/// pattern written for RE2 cannot blow up — else on the backtracking engine; both with a match timeout.
/// Bad patterns are cached too (as null) so they are not re-parsed on every event.
/// </summary>
public static class PatternCache
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);
    internal const int Capacity = 2048;

    private static readonly ConcurrentDictionary<string, Re2Pattern?> Re2 = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Regex?> Globs = new(StringComparer.Ordinal);

    /// <summary>The compiled form of an RE2 pattern, or null when it is not a valid pattern.</summary>
    public static Re2Pattern? GetRe2(string pattern)
    {
        if (Re2.TryGetValue(pattern, out var cached)) return cached;
        Re2Pattern? compiled = null;
        var net = Re2Translator.Translate(pattern, out var names);
        if (net is not null && Compile(net) is { } regex) compiled = new Re2Pattern(regex, names);
        Add(Re2, pattern, compiled);
        return compiled;
    }

    /// <summary>RE2 search semantics (regex_match of tabular lists): null when the pattern is bad or the match timed out.</summary>
    public static bool? IsMatch(string input, string re2Pattern)
    {
        var p = GetRe2(re2Pattern);
        if (p is null) return null;
        try { return p.Regex.IsMatch(input); }
        catch (RegexMatchTimeoutException) { return null; }
    }

    internal static Regex? GetGlobSearch(string glob)
    {
        if (Globs.TryGetValue(glob, out var cached)) return cached;
        var compiled = Compile(Glob.ToSearchRegex(glob));
        Add(Globs, glob, compiled);
        return compiled;
    }

    private static void Add<T>(ConcurrentDictionary<string, T> cache, string key, T value)
    {
        if (cache.Count >= Capacity) cache.Clear();
        cache.TryAdd(key, value);
    }

    private static Regex? Compile(string netPattern)
    {
        const RegexOptions options = RegexOptions.CultureInvariant;
        try
        {
            return new Regex(netPattern, options | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (NotSupportedException)
        {
            // A construct the linear engine lacks (RE2 lacks most of them too): use the backtracking engine.
        }
        catch (ArgumentException)
        {
            return null;
        }
        try
        {
            return new Regex(netPattern, options, MatchTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
