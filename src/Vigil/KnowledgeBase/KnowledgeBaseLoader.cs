using Vigil.Events;
using Vigil.Language.Binding;
using Vigil.Language.Diagnostics;
using Vigil.Language.Parsing;
using Vigil.Language.Syntax;
using Vigil.Language.Text;

namespace Vigil.KnowledgeBase;

/// <summary>
/// Loads knowledge-base folders in the corpus layout (any depth: formula.xp, rule.co, rule.en, filter.flt, table.tl):
/// reads and parses every file, then binds in dependency order — macros and tables first, since every rule may use them.
/// </summary>
public static class KnowledgeBaseLoader
{
    public static KnowledgeBase Load(IEnumerable<string> roots, Taxonomy? taxonomy = null)
    {
        var kb = new KnowledgeBase(taxonomy ?? Taxonomy.Default);
        var files = new List<(string Full, string Display, ContentKind Kind)>();
        foreach (var root in roots)
        {
            kb.Roots.Add(root);
            if (!Directory.Exists(root) && !File.Exists(root))
            {
                kb.Diagnostics.Add(DiagnosticFacts.CannotRead(root, "no such file or directory"));
                continue;
            }
            foreach (var (full, rel, kind) in ContentFiles.Discover(root))
                files.Add((full, DisplayPath(root, rel), kind));
        }

        // Parse everything (in parallel: files are independent), keeping the discovery order for determinism.
        var parsed = new ParsedFile[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            var (full, display, kind) = files[i];
            var bag = new DiagnosticBag();
            var src = ContentFiles.Read(full, display, bag);
            object? syntax = null;
            if (src is not null)
            {
                syntax = kind switch
                {
                    ContentKind.Formula => FormulaParser.Parse(src, bag),
                    ContentKind.Correlation or ContentKind.Enrichment or ContentKind.Macro => RuleParser.Parse(src, bag),
                    _ => null,
                };
            }
            parsed[i] = new ParsedFile(display, kind, src, syntax, bag);
        });

        foreach (var p in parsed) kb.FileCounts[p.Kind]++;

        // Declarations visible to all files.
        foreach (var p in parsed)
        {
            if (p.Kind != ContentKind.Macro || p.Syntax is not RuleFileSyntax rf) continue;
            foreach (var m in rf.Macros)
                if (!kb.Catalog.AddMacro(new MacroSymbol(m.Name, m, rf.Source)))
                    p.Diagnostics.Add(DiagnosticFacts.DuplicateDeclaration(rf.Source, m.NameSpan, "filter macro", m.Name));
        }
        foreach (var p in parsed)
            if (p.Kind == ContentKind.TabularList) TableLoading.Load(p, kb);

        // Bind (in parallel again; the catalog is read-only from here on).
        var results = new object?[parsed.Length];
        Parallel.For(0, parsed.Length, i =>
        {
            var p = parsed[i];
            results[i] = p.Syntax switch
            {
                FormulaSyntax f => FormulaBinder.Bind(f, kb.Taxonomy, kb.Catalog, p.Diagnostics),
                RuleFileSyntax r => RuleBinder.Bind(r, p.Kind switch
                {
                    ContentKind.Correlation => RuleBinder.FileKind.Correlation,
                    ContentKind.Enrichment => RuleBinder.FileKind.Enrichment,
                    _ => RuleBinder.FileKind.Macro,
                }, kb.Taxonomy, kb.Catalog, p.Diagnostics),
                _ => null,
            };
        });

        for (int i = 0; i < parsed.Length; i++)
        {
            var p = parsed[i];
            kb.Diagnostics.AddRange(p.Diagnostics.Items);
            switch (results[i])
            {
                case BoundFormula f: kb.Formulas.Add((p.DisplayPath, f)); break;
                case BoundRuleFile r when p.Kind == ContentKind.Correlation: kb.CorrelationFiles.Add((p.DisplayPath, r)); break;
                case BoundRuleFile r when p.Kind == ContentKind.Enrichment: kb.EnrichmentFiles.Add((p.DisplayPath, r)); break;
            }
        }
        return kb;
    }

    private static string DisplayPath(string root, string relative) =>
        File.Exists(root) ? root : Path.Combine(root, relative);

    internal sealed record ParsedFile(string DisplayPath, ContentKind Kind, SourceText? Source, object? Syntax, DiagnosticBag Diagnostics);
}
