using System.Collections.Immutable;
using Vigil.Language.Binding;
using Vigil.Tables;

namespace Vigil.KnowledgeBase;

/// <summary>Loads tabular-list schemas (.tl) into the knowledge base and the binding catalog.</summary>
internal static class TableLoading
{
    public static void Load(KnowledgeBaseLoader.ParsedFile file, KnowledgeBase kb)
    {
        if (file.Source is null) return;
        var schema = TableSchemaLoader.Load(file.Source, file.Diagnostics);
        if (schema is null) return;
        var symbol = new TableSymbol(schema.Name, schema.Columns.Select(c => (c.Name, c.Type.ToString())).ToImmutableArray());
        if (!kb.Catalog.AddTable(symbol))
        {
            file.Diagnostics.Add(Language.Diagnostics.DiagnosticFacts.DuplicateDeclaration(file.Source, default, "tabular list", schema.Name));
            return;
        }
        kb.TableSchemas.Add(schema);
    }
}
