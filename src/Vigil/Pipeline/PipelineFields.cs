using Vigil.Events;
using Vigil.Normalization;

namespace Vigil.Pipeline;

/// <summary>
/// What the platform adds to a normalized event after its formula: <c>normalized = true</c> and the appendix
/// (<c>*.host</c>, default importance). The envelope's collection fields were put in before the formula ran
/// (<see cref="Normalizer.Prefill"/>); unmatched events get them here.
/// </summary>
public sealed class PipelineFields
{
    private readonly FieldId _normalized;
    private readonly Action<NormalizedEvent> _appendix;

    public PipelineFields(Taxonomy taxonomy)
    {
        _normalized = taxonomy.Require("normalized");
        _appendix = Appendix.For(taxonomy);
    }

    /// <summary>The fields a normalized event can carry when the knowledge base's code sets <paramref name="written"/>.</summary>
    public static HashSet<FieldId> Written(Taxonomy taxonomy, IReadOnlySet<FieldId> written)
    {
        var all = new HashSet<FieldId>(written) { taxonomy.Require("normalized") };
        foreach (var name in Normalizer.EnvelopeFieldNames)
            if (taxonomy.TryGetField(name, out var f)) all.Add(f.Id);
        all.UnionWith(Appendix.TargetsFor(taxonomy, all));
        return all;
    }

    public void Apply(NormalizedEvent e)
    {
        e.SetRaw(_normalized, Value.True);
        _appendix(e);
    }
}
