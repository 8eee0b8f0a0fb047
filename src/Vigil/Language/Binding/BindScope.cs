using Vigil.Events;

namespace Vigil.Language.Binding;

/// <summary>What bare names and <c>$</c> names mean where an expression is being bound.</summary>
public enum ScopeKind : byte
{
    /// <summary>Normalization formula: names are output fields (read/write), $names temps or input roots.</summary>
    Formula,
    /// <summary>Event filter of a .co/.en file or a macro body: names are fields of the tested event; no $names.</summary>
    Filter,
    /// <summary>Enrichment block: names are fields of the event (read/write), $names temps.</summary>
    Enrichment,
    /// <summary>init/on/emit of a correlation rule: names read the source event, $names are the instance state.</summary>
    Handler,
    /// <summary>Query predicate: column::c and bare column names are the row, $names the query parameters.</summary>
    Query,
    /// <summary>qhandler block: $v = aggregate(column::c).</summary>
    QueryHandler,
}

/// <summary>Variable slots of one compilation unit (a formula with its subformulas, an enrichment).</summary>
public sealed class SlotTable
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    public int Count => _slots.Count;
    public int GetOrAdd(string name)
    {
        if (!_slots.TryGetValue(name, out int i)) _slots[name] = i = _slots.Count;
        return i;
    }
    public bool TryGet(string name, out int slot) => _slots.TryGetValue(name, out slot);
    public string[] Names()
    {
        var names = new string[_slots.Count];
        foreach (var (n, i) in _slots) names[i] = n;
        return names;
    }
}

/// <summary>
/// The <c>$</c> names of a correlation rule: one index each into the instance's state array.
/// Those that are taxonomy fields become fields of the correlation event; the others are instance temporaries.
/// </summary>
public sealed class StateLayout
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly List<FieldInfo?> _fields = [];

    public int Count => _names.Count;
    public IReadOnlyList<string> Names => _names;
    /// <summary>Per index: the taxonomy field it emits to, or null for a temporary.</summary>
    public IReadOnlyList<FieldInfo?> Fields => _fields;

    public int GetOrAdd(string name, Taxonomy taxonomy)
    {
        if (_index.TryGetValue(name, out int i)) return i;
        i = _names.Count;
        _index[name] = i;
        _names.Add(name);
        _fields.Add(taxonomy.TryGetField(name, out var f) ? f : null);
        return i;
    }

    public bool TryGet(string name, out int index) => _index.TryGetValue(name, out index);
}

public sealed class BindScope
{
    public required ScopeKind Kind { get; init; }
    public SlotTable? Slots { get; init; }
    /// <summary>Formula: $names assigned anywhere (slots); others are input roots.</summary>
    public IReadOnlySet<string>? AssignedVariables { get; init; }
    /// <summary>Formula: roots the input format is known to offer (null when any name may exist, e.g. JSON).</summary>
    public IReadOnlySet<string>? KnownInputRoots { get; init; }
    public StateLayout? State { get; init; }
    /// <summary>Macro inlining: $parameter → the bound argument of the call.</summary>
    public IReadOnlyDictionary<string, BoundExpression>? MacroArguments { get; init; }
    public IReadOnlyList<string>? QueryParameters { get; init; }
    public TableSymbol? Table { get; init; }
    public bool FieldsWritable => Kind is ScopeKind.Formula or ScopeKind.Enrichment;
}
