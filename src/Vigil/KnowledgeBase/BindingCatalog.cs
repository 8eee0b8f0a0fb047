using Vigil.Language.Binding;

namespace Vigil.KnowledgeBase;

/// <summary>The names a knowledge base offers to every file: filter macros (over the whole tree) and tabular lists.</summary>
public sealed class BindingCatalog : IBindingCatalog
{
    private readonly Dictionary<string, MacroSymbol> _macros = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TableSymbol> _tables = new(StringComparer.Ordinal);

    public bool AddMacro(MacroSymbol macro) => _macros.TryAdd(macro.Name, macro);
    public bool AddTable(TableSymbol table) => _tables.TryAdd(table.Name, table);

    public bool TryGetMacro(string name, out MacroSymbol macro) => _macros.TryGetValue(name, out macro!);
    public bool TryGetTable(string name, out TableSymbol table) => _tables.TryGetValue(name, out table!);
    public IEnumerable<string> MacroNames => _macros.Keys;
    public IEnumerable<string> TableNames => _tables.Keys;
    public int MacroCount => _macros.Count;
    public int TableCount => _tables.Count;
}
