namespace Vigil.Normalization.Inputs;

/// <summary>
/// A constant key of a compiled read (<c>$Data["TargetImage"]</c>) with what a lookup computes from it done once:
/// the hash <see cref="Utf8KeyIndex"/> matches names on, and whether a map's hidden-name set contains it.
/// Formulas read ~15 such keys per event, so hashing the same text every time was measurable.
/// </summary>
internal sealed class PreparedKey(string name)
{
    public string Name { get; } = name;
    public int Hash { get; } = Utf8KeyIndex.Hash(name);

    // The last hidden-name set asked about and the answer, as one immutable object (read and swapped atomically).
    private sealed record HiddenVerdict(HashSet<string> Set, bool Hidden);
    private HiddenVerdict? _hidden;

    public bool IsIn(HashSet<string> set)
    {
        var v = _hidden;
        if (v is not null && ReferenceEquals(v.Set, set)) return v.Hidden;
        bool hidden = set.Contains(Name);
        _hidden = new HiddenVerdict(set, hidden);
        return hidden;
    }
}
