using Vigil.Language.Text;

namespace Vigil.Language.Diagnostics;

/// <summary>Collects diagnostics for one source; caps their number so binary garbage cannot flood the output.</summary>
public sealed class DiagnosticBag
{
    public const int MaxPerSource = 50;
    private readonly List<Diagnostic> _items = [];
    private bool _capped;

    public IReadOnlyList<Diagnostic> Items => _items;
    public bool HasErrors { get; private set; }
    public int Count => _items.Count;

    public void Add(Diagnostic d)
    {
        if (d.IsError) HasErrors = true;
        if (_items.Count >= MaxPerSource)
        {
            if (!_capped && d.Source is not null)
            {
                _capped = true;
                _items.Add(DiagnosticFacts.TooManyErrors(d.Source, d.Span));
            }
            return;
        }
        _items.Add(d);
    }

    public void AddRange(IEnumerable<Diagnostic> ds)
    {
        foreach (var d in ds) Add(d);
    }
}
