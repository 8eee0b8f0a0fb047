using System.Text.Json;
using Vigil.Events;

namespace Vigil.Normalization;

/// <summary>
/// The platform's formula tail (spec normalization §8.2): derived <c>*.host</c> fields and the default importance.
/// Run by the pipeline after every formula; normalization unit tests are compared without it, as they were generated.
/// </summary>
public static class Appendix
{
    private static readonly (string Target, string[] Sources)[] Rules =
    [
        // A source named by a bare hostname is also its fqdn: every corpus integration test whose rule copies
        // event_src.fqdn from a dotless Computer (12 of them, e.g. KeePass_CredDump) expects it so.
        ("event_src.fqdn", ["event_src.hostname"]),
        ("event_src.host", ["event_src.fqdn", "event_src.hostname", "event_src.ip", "recv_ipv4", "recv_ipv6", "recv_host"]),
        ("src.host", ["src.fqdn", "src.hostname", "src.ip", "src.mac"]),
        ("dst.host", ["dst.fqdn", "dst.hostname", "dst.ip", "dst.mac"]),
        ("external_src.host", ["external_src.fqdn", "external_src.hostname", "external_src.ip"]),
        ("external_dst.host", ["external_dst.fqdn", "external_dst.hostname", "external_dst.ip"]),
    ];

    // Kept: the value kind the target stores as is (a copied hostname needs no coercion per event).
    private sealed record Compiled(FieldId Target, FieldId[] Sources, ValueKind Kept);

    // Resolved once per taxonomy; taxonomies are few and immutable, so the table is read without a lock.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Taxonomy, (Compiled[] Rules, FieldId Importance)[]> s_cache = new();

    private static (Compiled[] Rules, FieldId Importance) PlanFor(Taxonomy t) =>
        s_cache.GetValue(t, static t =>
        [
            (Rules.Where(r => t.TryGetField(r.Target, out _))
                .Select(r => new Compiled(t.Require(r.Target), r.Sources.Where(s => t.TryGetField(s, out _)).Select(t.Require).ToArray(),
                    FieldCoercion.KindKeptAsIs(t[t.Require(r.Target)].Type)))
                .ToArray(), t.Require("importance")),
        ])[0];

    /// <summary>
    /// Marks in <paramref name="keep"/> the fields <see cref="Apply"/> reads to derive the marked ones: the sources of
    /// every marked <c>*.host</c>. An unmarked target is derived too, but nobody reads it.
    /// </summary>
    public static void AddSourcesOf(Taxonomy t, bool[] keep)
    {
        foreach (var r in PlanFor(t).Rules)
            if (keep[r.Target.Value])
                foreach (var s in r.Sources) keep[s.Value] = true;
    }

    /// <summary>The fields <see cref="Apply"/> may set, given that <paramref name="written"/> are the fields set before it.</summary>
    public static IEnumerable<FieldId> TargetsFor(Taxonomy t, IReadOnlySet<FieldId> written)
    {
        var (rules, importance) = PlanFor(t);
        yield return importance;
        foreach (var r in rules)
            if (r.Sources.Any(written.Contains)) yield return r.Target;
    }

    /// <summary>Fills each unset <c>*.host</c> from the first set source field, and importance with "info".</summary>
    public static void Apply(NormalizedEvent e) => Apply(e, PlanFor(e.Taxonomy));

    /// <summary><see cref="Apply(NormalizedEvent)"/> for events of one taxonomy, without looking its rules up per event.</summary>
    public static Action<NormalizedEvent> For(Taxonomy taxonomy)
    {
        var plan = PlanFor(taxonomy);
        return e => Apply(e, plan);
    }

    private static readonly Value Info = Value.String("info");

    private static void Apply(NormalizedEvent e, (Compiled[] Rules, FieldId Importance) plan)
    {
        var (rules, importance) = plan;
        foreach (var r in rules)
        {
            if (e.Has(r.Target)) continue;
            foreach (var s in r.Sources)
            {
                if (!e.Has(s)) continue;
                var v = e[s];
                if (v.Kind == r.Kept) e.SetRaw(r.Target, v);
                else e.Set(r.Target, v);
                break;
            }
        }
        if (!e.Has(importance)) e.Set(importance, Info);
    }

    /// <summary>What <see cref="Apply"/> would add for the host fields, as JSON values (for test comparison).</summary>
    public static Dictionary<string, JsonElement> Derive(NormalizedEvent e)
    {
        var copy = e.Clone();
        Apply(copy);
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var r in PlanFor(e.Taxonomy).Rules)
        {
            if (e.Has(r.Target) || !copy.Has(r.Target)) continue;
            using var doc = JsonDocument.Parse("\"" + JsonEncodedText.Encode(copy[r.Target].ToText() ?? "").ToString() + "\"");
            result[e.Taxonomy[r.Target].Name] = doc.RootElement.Clone();
        }
        return result;
    }
}
