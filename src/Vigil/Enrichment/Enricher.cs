using Vigil.Events;
using Vigil.Language.Binding;
using Vigil.Runtime;

namespace Vigil.Enrichment;

/// <summary>One enrichment rule compiled: its event filters and, per event, the <c>enrich_fields</c> blocks.</summary>
public sealed class CompiledEnrichment
{
    public required string Name { get; init; }
    public required string Path { get; init; }
    public required Func<EvalContext, bool>[] Filters { get; init; }
    public required string[] EventNames { get; init; }
    public required CompiledStatement?[] Blocks { get; init; }
    public required int SlotCount { get; init; }
    /// <summary>Fields the enrichment's statements can set.</summary>
    public IReadOnlySet<FieldId> WrittenFields { get; init; } = new HashSet<FieldId>();

    public static IEnumerable<CompiledEnrichment> Compile(BoundRuleFile file)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < file.Events.Length; i++) ids[file.Events[i].Name] = i;
        var filters = file.Events.Select(e => ExpressionCompiler.CompilePredicate(e.Filter)).ToArray();
        var statements = new StatementCompiler();
        foreach (var en in file.Enrichments)
        {
            var blocks = new CompiledStatement?[file.Events.Length];
            foreach (var b in en.Blocks)
            {
                if (!ids.TryGetValue(b.Event, out int id)) continue;
                var body = statements.CompileBlock(b.Body);
                var previous = blocks[id];
                blocks[id] = previous is null ? body : ctx => { previous(ctx); body(ctx); };
            }
            yield return new CompiledEnrichment
            {
                Name = en.Name,
                Path = file.Source.Path,
                Filters = filters,
                EventNames = file.Events.Select(e => e.Name).ToArray(),
                Blocks = blocks,
                // Shared by the file's enrichments and complete once all are compiled: an upper bound for each.
                WrittenFields = statements.WrittenFields,
                SlotCount = en.SlotCount,
            };
        }
    }
}

/// <summary>
/// Stage two: adds context to normalized events (and to correlation events) by running every enrichment rule
/// whose event filter matches. Rules run in knowledge-base order, each seeing the previous ones' fields.
/// </summary>
public sealed class Enricher(IReadOnlyList<CompiledEnrichment> rules, ITableAccess? tables = null)
{
    private readonly EvalContext _ctx = new(tables);

    public IReadOnlyList<CompiledEnrichment> Rules { get; } = rules;
    public long Enriched { get; private set; }

    public void Enrich(NormalizedEvent e)
    {
        if (Rules.Count == 0) return;
        long now = e.TimeTicks ?? 0;
        foreach (var rule in Rules)
        {
            for (int i = 0; i < rule.Filters.Length; i++)
            {
                if (rule.Blocks[i] is not { } block) continue;
                _ctx.Reset();
                _ctx.Event = e;
                _ctx.NowTicks = now;
                if (!rule.Filters[i](_ctx)) continue;
                _ctx.PrepareSlots(rule.SlotCount);
                block(_ctx);
                Enriched++;
            }
        }
    }
}
