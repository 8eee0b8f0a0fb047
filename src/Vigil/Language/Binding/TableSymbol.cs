using System.Collections.Immutable;

namespace Vigil.Language.Binding;

/// <summary>What the binder needs to know of a tabular list: its columns and their types.</summary>
public sealed record TableSymbol(string Name, ImmutableArray<(string Name, string Type)> Columns)
{
    public int IndexOf(string column)
    {
        for (int i = 0; i < Columns.Length; i++)
            if (string.Equals(Columns[i].Name, column, StringComparison.Ordinal)) return i;
        return -1;
    }
}

/// <summary>Name resolution for things that live outside the file being bound.</summary>
public interface IBindingCatalog
{
    bool TryGetTable(string name, out TableSymbol table);
    bool TryGetMacro(string name, out MacroSymbol macro);
    IEnumerable<string> TableNames { get; }
    IEnumerable<string> MacroNames { get; }
}

/// <summary>A filter macro: its declaration and the source it came from (for diagnostics inside its body).</summary>
public sealed record MacroSymbol(string Name, Syntax.FilterMacroDeclaration Declaration, Text.SourceText Source);
