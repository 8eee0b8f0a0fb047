using Vigil.Events;
using Vigil.Language.Binding;
using Vigil.Language.Diagnostics;

namespace Vigil.KnowledgeBase;

/// <summary>
/// One loaded knowledge base (or several merged): every file parsed and bound, with all diagnostics.
/// Shared by <c>vigil check</c>, <c>test</c>, <c>normalize</c>, <c>run</c> and <c>ingest</c>; built once at start.
/// </summary>
public sealed class KnowledgeBase
{
    internal KnowledgeBase(Taxonomy taxonomy) => Taxonomy = taxonomy;

    public Taxonomy Taxonomy { get; }
    public List<string> Roots { get; } = [];
    public List<Diagnostic> Diagnostics { get; } = [];
    public Dictionary<ContentKind, int> FileCounts { get; } = Enum.GetValues<ContentKind>().ToDictionary(k => k, _ => 0);
    public List<(string RelativePath, BoundFormula Formula)> Formulas { get; } = [];
    public List<(string RelativePath, BoundRuleFile File)> CorrelationFiles { get; } = [];
    public List<(string RelativePath, BoundRuleFile File)> EnrichmentFiles { get; } = [];
    public BindingCatalog Catalog { get; } = new();
    public List<Tables.TableSchema> TableSchemas { get; } = [];

    public int ErrorCount => Diagnostics.Count(d => d.Severity == Severity.Error);
    public int WarningCount => Diagnostics.Count(d => d.Severity == Severity.Warning);
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}
