using Vigil.Correlation;
using Vigil.Enrichment;
using Vigil.Events;
using Vigil.Normalization;
using Vigil.Tables;

namespace Vigil.KnowledgeBase;

/// <summary>Everything a knowledge base runs, compiled once: formulas (with their index), enrichments, correlation rules, table schemas.</summary>
public sealed class CompiledKnowledgeBase
{
    public required Taxonomy Taxonomy { get; init; }
    public required Normalizer Normalizer { get; init; }
    public required IReadOnlyList<CompiledEnrichment> Enrichments { get; init; }
    public required IReadOnlyList<CompiledRule> Rules { get; init; }
    public required IReadOnlyList<TableSchema> TableSchemas { get; init; }
    /// <summary>Rules by the path of their file (the test runner runs a file's rule alone).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<CompiledRule>> RulesByPath { get; init; }
    public required IReadOnlyDictionary<string, CompiledFormula> FormulasByPath { get; init; }

    /// <summary>
    /// Every field normalization and enrichment can set (the formulas' and enrichments' assignments): lets a sink
    /// lay out its columns once, before the first event, instead of growing them mid-run.
    /// </summary>
    public IReadOnlySet<FieldId> WrittenFields => _written ??= FormulasByPath.Values.SelectMany(f => f.WrittenFields)
        .Concat(Enrichments.SelectMany(e => e.WrittenFields)).ToHashSet();
    private HashSet<FieldId>? _written;

    public static CompiledKnowledgeBase Compile(KnowledgeBase kb, IXmlParser? xml = null)
    {
        xml ??= Normalization.Inputs.XmlParser.Instance;
        var formulas = new List<CompiledFormula>();
        var byPath = new Dictionary<string, CompiledFormula>(StringComparer.Ordinal);
        int order = 0;
        foreach (var (path, bound) in kb.Formulas.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            var name = FormulaName(path);
            var f = FormulaCompiler.Compile(bound, name, order++, xml);
            formulas.Add(f);
            byPath[path] = f;
        }
        var rules = new List<CompiledRule>();
        var rulesByPath = new Dictionary<string, IReadOnlyList<CompiledRule>>(StringComparer.Ordinal);
        foreach (var (path, file) in kb.CorrelationFiles)
        {
            var list = file.Rules.Select(r => RuleCompiler.Compile(file, r, rules.Count + file.Rules.IndexOf(r), kb.Taxonomy)).ToList();
            rules.AddRange(list);
            rulesByPath[path] = list;
        }
        var enrichments = kb.EnrichmentFiles.SelectMany(f => CompiledEnrichment.Compile(f.File)).ToList();
        return new CompiledKnowledgeBase
        {
            Taxonomy = kb.Taxonomy,
            Normalizer = new Normalizer(formulas, xml),
            Enrichments = enrichments,
            Rules = rules,
            TableSchemas = kb.TableSchemas,
            RulesByPath = rulesByPath,
            FormulasByPath = byPath,
        };
    }

    /// <summary>A formula's name for stats and the <c>formula</c> column: its folder (the corpus puts one formula per folder).</summary>
    private static string FormulaName(string path)
    {
        var dir = Path.GetDirectoryName(path);
        return string.IsNullOrEmpty(dir) ? Path.GetFileNameWithoutExtension(path) : Path.GetFileName(dir);
    }
}
