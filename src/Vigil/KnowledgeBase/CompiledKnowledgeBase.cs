using Vigil.Correlation;
using Vigil.Enrichment;
using Vigil.Events;
using Vigil.Language.Binding;
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
        var (formulas, byPath) = CompileFormulas(kb, xml, keep: null);
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
            Source = kb,
            Xml = xml,
            Taxonomy = kb.Taxonomy,
            Normalizer = new Normalizer(formulas, xml),
            Enrichments = enrichments,
            Rules = rules,
            TableSchemas = kb.TableSchemas,
            RulesByPath = rulesByPath,
            FormulasByPath = byPath,
        };
    }

    private static (List<CompiledFormula>, Dictionary<string, CompiledFormula>) CompileFormulas(KnowledgeBase kb, IXmlParser xml, bool[]? keep)
    {
        var formulas = new List<CompiledFormula>();
        var byPath = new Dictionary<string, CompiledFormula>(StringComparer.Ordinal);
        int order = 0;
        foreach (var (path, bound) in kb.Formulas.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            var f = FormulaCompiler.Compile(bound, FormulaName(path), order++, xml, keep);
            formulas.Add(f);
            byPath[path] = f;
        }
        return (formulas, byPath);
    }

    private KnowledgeBase? Source { get; init; }
    private IXmlParser? Xml { get; init; }

    /// <summary>
    /// A normalizer whose formulas write only the fields marked in <paramref name="keep"/> (and those they read
    /// themselves): for a pipeline whose consumers read no others, e.g. correlation rules alone. Same formulas, same
    /// order, same outcome for every event; compiled anew on each call.
    /// </summary>
    public Normalizer ProjectedNormalizer(bool[] keep) =>
        Source is null || Xml is null ? Normalizer : new Normalizer(CompileFormulas(Source, Xml, keep).Item1, Xml);

    /// <summary>
    /// The fields (by id) the enrichment rules read from an event (their events' filters and keys, their blocks);
    /// null when one may read any.
    /// </summary>
    public bool[]? EnrichmentReads()
    {
        if (Source is null) return null;
        var reads = new HashSet<int>();
        foreach (var (_, file) in Source.EnrichmentFiles)
        {
            foreach (var e in file.Events)
                if (!BoundFieldReads.Collect(e, reads)) return null;
            foreach (var en in file.Enrichments)
                foreach (var block in en.Blocks)
                    if (!BoundFieldReads.Collect(block.Body, reads)) return null;
        }
        var mask = new bool[Taxonomy.Count];
        foreach (int id in reads) mask[id] = true;
        return mask;
    }

    /// <summary>A formula's name for stats and the <c>formula</c> column: its folder (the corpus puts one formula per folder).</summary>
    private static string FormulaName(string path)
    {
        var dir = Path.GetDirectoryName(path);
        return string.IsNullOrEmpty(dir) ? Path.GetFileNameWithoutExtension(path) : Path.GetFileName(dir);
    }
}
