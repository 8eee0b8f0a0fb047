using System.Text.Json;
using Vigil.Events;

namespace Vigil.Testing;

/// <summary>
/// Checks <c>expect N {json}</c> lines against output events (spec correlation §10.4): an output matches when
/// every key of the expectation is present with an equal typed value (extra output fields are ignored), and
/// exactly N outputs must match. Fields the platform makes volatile (uuid, subevents …) are not compared;
/// <c>time</c> is compared as an instant at the precision the expectation shows.
/// </summary>
public static class ExpectationMatcher
{
    private static readonly HashSet<string> Volatile = new(StringComparer.Ordinal)
    {
        "uuid", "generator.version", "siem_id", "_subjects", "_objects", "subevents", "subevents.time",
    };

    public static bool Matches(JsonElement expected, IReadOnlyDictionary<string, JsonElement> actual)
    {
        foreach (var p in expected.EnumerateObject())
        {
            if (Volatile.Contains(p.Name)) continue;
            if (!actual.TryGetValue(p.Name, out var a)) return false;
            if (!ValueEquals(p.Name, p.Value, a)) return false;
        }
        return true;
    }

    /// <summary>Evaluates each expectation; returns null when all hold, else a readable account of what was produced.</summary>
    public static string? Check(IReadOnlyList<ExpectDirective> expectations, IReadOnlyList<NormalizedEvent> outputs)
    {
        var maps = outputs.Select(NormalizationComparer.ToJsonMap).ToList();
        var failures = new List<string>();
        foreach (var exp in expectations)
        {
            int n = maps.Count(m => Matches(exp.Expected, m));
            if (n == exp.Count) continue;
            string want = exp.IsNot ? "none" : exp.Count.ToString();
            var lines = new List<string> { $"line {exp.Line}: expected {want} matching event(s), got {n}" };
            // The closest outputs with the fields that differ make a failure readable.
            foreach (var m in maps.OrderBy(m => Differences(exp.Expected, m).Count).Take(exp.IsNot ? n : 2))
            {
                var d = Differences(exp.Expected, m);
                string name = m.TryGetValue("correlation_name", out var cn) ? cn.ToString() : "(event)";
                lines.Add(d.Count == 0 ? $"  matching output: {name}" : $"  closest output {name}:\n" + string.Join("\n", d));
            }
            if (maps.Count == 0) lines.Add("  (no output events)");
            failures.Add(string.Join("\n", lines));
        }
        return failures.Count == 0 ? null : string.Join("\n", failures);
    }

    /// <summary>
    /// Typed equality; <c>time</c> as an instant at the expectation's precision, where a zero fraction
    /// (<c>…:17.000Z</c>) is whole seconds: expectations written by the PT tools truncate correlation times so.
    /// </summary>
    private static bool ValueEquals(string name, JsonElement expected, JsonElement actual)
    {
        if (name != "time") return NormalizationComparer.JsonEquals(expected, actual);
        if (expected.ValueKind == JsonValueKind.String && actual.ValueKind == JsonValueKind.String
            && expected.GetString() is { } e && e.EndsWith(".000Z", StringComparison.Ordinal))
            return NormalizationComparer.TimeEquals(e[..^5] + "Z", actual.GetString()!);
        return NormalizationComparer.TimeEquals(expected, actual);
    }

    private static List<string> Differences(JsonElement expected, IReadOnlyDictionary<string, JsonElement> actual)
    {
        var d = new List<string>();
        foreach (var p in expected.EnumerateObject())
        {
            if (Volatile.Contains(p.Name)) continue;
            if (!actual.TryGetValue(p.Name, out var a)) d.Add($"    - {p.Name}: {p.Value.GetRawText()} (missing)");
            else if (!ValueEquals(p.Name, p.Value, a))
                d.Add($"    ~ {p.Name}: expected {p.Value.GetRawText()}, got {a.GetRawText()}");
        }
        return d;
    }
}
