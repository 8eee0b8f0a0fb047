using System.Text.Json;
using Vigil.Events;
using Vigil.Normalization;

namespace Vigil.Testing;

/// <summary>
/// Strict comparison of a normalized event with a test expectation (spec normalization §8.3): the same set of
/// fields, typed equality (number 2 ≠ string "2"), and <c>time</c> compared as an instant at the precision the
/// expectation shows. Two allowances come from how the corpus expectations were produced: <c>*.host</c> fields
/// the appendix derives are accepted when they equal that derivation, and an omitted <c>importance</c> means "info".
/// </summary>
public static class NormalizationComparer
{
    private static readonly string[] HostFields = ["event_src.host", "src.host", "dst.host", "external_src.host", "external_dst.host"];

    public sealed record Difference(string Field, string? Expected, string? Actual);

    public static List<Difference> Compare(JsonElement expected, NormalizedEvent actual, bool subset = false, IReadOnlyCollection<string>? ignoreWhenUnexpected = null)
    {
        var diffs = new List<Difference>();
        var actualJson = ToJsonMap(actual);
        var appendix = Appendix.Derive(actual);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in expected.EnumerateObject())
        {
            seen.Add(p.Name);
            if (!actualJson.TryGetValue(p.Name, out var a))
            {
                if (HostFields.Contains(p.Name) && appendix.TryGetValue(p.Name, out var derived) && JsonEquals(p.Value, derived)) continue;
                diffs.Add(new Difference(p.Name, Render(p.Value), null));
                continue;
            }
            bool equal = p.Name == "time" ? TimeEquals(p.Value, a) : JsonEquals(p.Value, a);
            if (!equal) diffs.Add(new Difference(p.Name, Render(p.Value), Render(a)));
        }
        if (subset) return diffs;
        foreach (var (name, a) in actualJson)
        {
            if (seen.Contains(name)) continue;
            if (name == "importance" && a.ValueKind == JsonValueKind.String && a.GetString() == "info") continue;
            if (ignoreWhenUnexpected?.Contains(name) == true) continue; // envelope fields the test harness supplied
            diffs.Add(new Difference(name, null, Render(a)));
        }
        return diffs;
    }

    public static string Describe(IEnumerable<Difference> diffs) =>
        string.Join("\n", diffs.Select(d => d switch
        {
            { Expected: null } => $"  + {d.Field}: {d.Actual}   (not expected)",
            { Actual: null } => $"  - {d.Field}: {d.Expected}   (missing)",
            _ => $"  ~ {d.Field}: expected {d.Expected}, got {d.Actual}",
        }));

    /// <summary>The event as the JSON values Vigil writes, keyed by field name.</summary>
    public static Dictionary<string, JsonElement> ToJsonMap(NormalizedEvent e)
    {
        using var doc = JsonDocument.Parse(EventJson.ToJson(e));
        var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject()) map[p.Name] = p.Value.Clone();
        return map;
    }

    public static bool JsonEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
        {
            // true/false are two kinds in System.Text.Json but one type in XP.
            return false;
        }
        switch (a.ValueKind)
        {
            case JsonValueKind.String: return a.GetString() == b.GetString();
            case JsonValueKind.Number:
                if (a.TryGetInt64(out long x) && b.TryGetInt64(out long y)) return x == y;
                return a.GetDouble() == b.GetDouble();
            case JsonValueKind.Array:
                {
                    int n = a.GetArrayLength();
                    if (n != b.GetArrayLength()) return false;
                    for (int i = 0; i < n; i++) if (!JsonEquals(a[i], b[i])) return false;
                    return true;
                }
            case JsonValueKind.Object:
                {
                    var bp = b.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                    int count = 0;
                    foreach (var p in a.EnumerateObject())
                    {
                        count++;
                        if (!bp.TryGetValue(p.Name, out var v) || !JsonEquals(p.Value, v)) return false;
                    }
                    return count == bp.Count;
                }
            default: return true; // null, true, false: same kind is same value
        }
    }

    /// <summary>Instants equal at the precision the expected text shows: whole seconds, or milliseconds.</summary>
    public static bool TimeEquals(JsonElement expected, JsonElement actual)
    {
        if (expected.ValueKind != JsonValueKind.String || actual.ValueKind != JsonValueKind.String) return JsonEquals(expected, actual);
        return TimeEquals(expected.GetString()!, actual.GetString()!);
    }

    public static bool TimeEquals(string e, string a)
    {
        if (!TimeParser.TryParse(e, out long et) || !TimeParser.TryParse(a, out long at)) return e == a;
        bool hasFraction = e.Contains('.') || e.Contains(',');
        long unit = hasFraction ? TimeSpan.TicksPerMillisecond : TimeSpan.TicksPerSecond;
        return et / unit == at / unit;
    }

    private static string Render(JsonElement v) => v.ValueKind == JsonValueKind.String
        ? "\"" + JsonEncodedText.Encode(v.GetString()!, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\""
        : v.GetRawText();
}
