using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Vigil.Events;

namespace Vigil.Tables;

/// <summary>
/// Compiles the patterns stored in <see cref="ColumnType.Regex"/> columns, once per distinct text.
/// The PT engine matches them with RE2 (search semantics, linear time), so the non-backtracking
/// .NET engine is the closer match and keeps a hostile pattern from stalling correlation. Patterns that
/// engine cannot run (backreferences, lookarounds: RE2 rejects these too) still compile with the
/// backtracking engine under a match timeout, so such a list is usable rather than rejected.
/// </summary>
public static class TableRegex
{
    /// <summary>Bound on cached patterns: rules can insert arbitrary text into Regex columns at run time.</summary>
    private const int CacheLimit = 4096;
    private static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly ConcurrentDictionary<string, Regex> s_cache = new(StringComparer.Ordinal);

    /// <summary>
    /// The compiled patterns of a row's Regex columns by ordinal, or null when the list has none. A pattern that
    /// does not compile (stored by an engine that accepted it) is left null: it matches nothing.
    /// </summary>
    internal static Regex?[]? CompileColumns(TableSchema schema, ReadOnlySpan<Value> values)
    {
        Regex?[]? patterns = null;
        foreach (var column in schema.Columns)
        {
            if (column.Type != ColumnType.Regex || !values[column.Ordinal].IsString) continue;
            patterns ??= new Regex?[values.Length];
            if (TryCompile(values[column.Ordinal].AsString, out var regex, out _)) patterns[column.Ordinal] = regex;
        }
        return patterns;
    }

    /// <summary>Compiles <paramref name="pattern"/>; on an invalid pattern returns false with the reason.</summary>
    public static bool TryCompile(string pattern, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Regex? regex, out string? error)
    {
        error = null;
        if (s_cache.TryGetValue(pattern, out regex)) return true;
        try
        {
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (NotSupportedException)
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, BacktrackingTimeout);
            }
        }
        catch (ArgumentException e)
        {
            regex = null;
            error = $"invalid regular expression '{pattern}': {(e is RegexParseException p ? p.Error.ToString() : e.Message)}";
            return false;
        }
        if (s_cache.Count < CacheLimit) s_cache.TryAdd(pattern, regex);
        return true;
    }
}
