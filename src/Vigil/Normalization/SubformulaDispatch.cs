using Vigil.Language.Syntax;

namespace Vigil.Normalization;

/// <summary>
/// The alternatives of one submessage call, in file order, narrowed by the value's first character: a TEXT
/// alternative whose pattern opens with literal text cannot match a value starting with another character,
/// so it is not even tried (lines of one program usually fan out over many alternatives).
/// </summary>
internal sealed class SubformulaDispatch
{
    private readonly CompiledBody[] _unprefixed;
    private readonly Dictionary<char, CompiledBody[]> _byFirst = [];

    public SubformulaDispatch(IEnumerable<CompiledBody> alternatives, InputFormat format)
    {
        var usable = alternatives.Where(a => a.Format == format).ToArray();
        static char? First(CompiledBody b) => b.Matcher?.LiteralPrefix is { Length: > 0 } p ? p[0] : null;
        _unprefixed = usable.Where(a => First(a) is null).ToArray();
        foreach (var c in usable.Select(First).OfType<char>().Distinct())
            _byFirst[c] = usable.Where(a => First(a) is not { } f || f == c).ToArray();
    }

    public bool IsEmpty => _unprefixed.Length == 0 && _byFirst.Count == 0;

    /// <summary>The alternatives that may match <paramref name="text"/>, in order.</summary>
    public CompiledBody[] For(ReadOnlySpan<char> text) =>
        text.Length > 0 && _byFirst.TryGetValue(text[0], out var list) ? list : _unprefixed;
}
