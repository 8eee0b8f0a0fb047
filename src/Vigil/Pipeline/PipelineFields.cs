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

    public PipelineFields(Taxonomy taxonomy) => _normalized = taxonomy.Require("normalized");

    public void Apply(NormalizedEvent e)
    {
        e.SetRaw(_normalized, Value.True);
        Appendix.Apply(e);
    }
}
