using Vigil.Language.Binding;
using Vigil.Language.Syntax;
using Vigil.Runtime;

namespace Vigil.Correlation;

/// <summary>Compiles a bound rule: filters and keys, the pattern of each <c>or</c> branch into nodes with state slots, handlers and emit.</summary>
public static class RuleCompiler
{
    public static CompiledRule Compile(BoundRuleFile file, BoundRule rule, int index, Events.Taxonomy taxonomy)
    {
        var statements = new StatementCompiler();
        var eventIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < file.Events.Length; i++) eventIds[file.Events[i].Name] = i;

        var handlers = new CompiledStatement?[file.Events.Length];
        foreach (var h in rule.Handlers)
        {
            if (!eventIds.TryGetValue(h.Event, out int id)) continue;
            var body = statements.CompileBlock(h.Body);
            var previous = handlers[id];
            handlers[id] = previous is null ? body : ctx => { previous(ctx); if (!ctx.Stopped) body(ctx); };
        }

        rule.State.TryGet("correlation_name", out int nameSlot);
        int timeSlot = rule.State.TryGet("time", out int ts) ? ts : -1;
        var compiled = new CompiledRule
        {
            Name = rule.Name,
            Path = file.Source.Path,
            Index = index,
            Init = statements.CompileBlock(rule.Init),
            Handlers = handlers,
            Emit = statements.CompileBlock(rule.Emit),
            StateSize = rule.State.Count,
            StateFields = rule.State.Fields.ToArray(),
            CorrelationNameSlot = nameSlot,
            TimeSlot = timeSlot,
            FieldsRead = FieldsRead(file, rule, taxonomy),
        };
        compiled.Events = file.Events.Select((e, i) => new CompiledEvent
        {
            Name = e.Name,
            Id = i,
            Key = e.Key.Select(k => k.Id).ToArray(),
            Filter = ExpressionCompiler.CompilePredicate(e.Filter),
            BoundFilter = e.Filter,
            Rule = compiled,
        }).ToArray();

        var branches = new List<CompiledBranch>();
        foreach (var branchSyntax in RuleBinder.TopLevelBranches(rule.Pattern))
        {
            var (inner, window, seconds) = branchSyntax is WindowPattern w ? (w.Inner, (WindowKind?)w.Kind, w.Seconds) : (branchSyntax, null, 0L);
            var uses = new bool[file.Events.Length];
            var names = new HashSet<string>(StringComparer.Ordinal);
            RuleBinder.CollectEvents(inner, names);
            foreach (var n in names) if (eventIds.TryGetValue(n, out int id)) uses[id] = true;
            var branch = new CompiledBranch
            {
                Rule = compiled,
                Index = branches.Count,
                Window = window,
                WindowTicks = seconds * TimeSpan.TicksPerSecond,
                UsesEvent = uses,
            };
            var slots = new SlotCounter();
            branch.Root = Build(inner, eventIds, slots, taxonomy);
            branch.CountSlots = slots.Counts;
            branch.TimeSlots = slots.Times;
            branch.DistinctSlots = slots.Distinct;
            branches.Add(branch);
        }
        compiled.Branches = branches.ToArray();
        return compiled;
    }

    // Every declaration of the file is compiled into the rule (its filters run on every event), so all are read.
    private static Events.FieldId[]? FieldsRead(BoundRuleFile file, BoundRule rule, Events.Taxonomy taxonomy)
    {
        var reads = new HashSet<int> { taxonomy.Time.Value };
        foreach (var e in file.Events)
            if (!BoundFieldReads.Collect(e, reads)) return null;
        if (!BoundFieldReads.Collect(rule.Init, reads) || !BoundFieldReads.Collect(rule.Emit, reads)) return null;
        foreach (var h in rule.Handlers)
            if (!BoundFieldReads.Collect(h.Body, reads)) return null;
        if (!AddDifferent(rule.Pattern, taxonomy, reads)) return null;
        return reads.Order().Select(i => new Events.FieldId(i)).ToArray();
    }

    // `A[5,] with different object.name` compares that field of each event.
    private static bool AddDifferent(PatternSyntax p, Events.Taxonomy taxonomy, HashSet<int> reads)
    {
        switch (p)
        {
            case EventPattern:
                return true;
            case QuantifiedPattern q:
                if (q.Different is { } d)
                {
                    if (!taxonomy.TryGetField(d.Name, out var f)) return false;
                    reads.Add(f.Id.Value);
                }
                return AddDifferent(q.Inner, taxonomy, reads);
            case SequencePattern s:
                return s.Items.All(i => AddDifferent(i, taxonomy, reads));
            case AndPattern a:
                return a.Items.All(i => AddDifferent(i, taxonomy, reads));
            case OrPattern o:
                return o.Items.All(i => AddDifferent(i, taxonomy, reads));
            case WindowPattern w:
                return AddDifferent(w.Inner, taxonomy, reads);
            default:
                return false;
        }
    }

    private sealed class SlotCounter
    {
        public int Counts;
        public int Times;
        public int Distinct;
    }

    private static PatternNode Build(PatternSyntax p, Dictionary<string, int> ids, SlotCounter slots, Events.Taxonomy taxonomy)
    {
        switch (p)
        {
            case EventPattern e:
                return new CountNode(ids.GetValueOrDefault(e.Name, -1), 1, 1, slots.Counts++, -1, default);
            case QuantifiedPattern { Inner: EventPattern ev } q:
                {
                    int distinct = q.Different is null ? -1 : slots.Distinct++;
                    var field = q.Different is not null && taxonomy.TryGetField(q.Different.Name, out var f) ? f.Id : default;
                    return new CountNode(ids.GetValueOrDefault(ev.Name, -1), q.Min, q.Max ?? int.MaxValue, slots.Counts++, distinct, field);
                }
            case QuantifiedPattern q:
                {
                    // A quantifier on a group: `(P)?` makes it optional; repetition of a group counts whole matches.
                    var inner = Build(q.Inner, ids, slots, taxonomy);
                    return new GroupCountNode(inner, q.Min, q.Max ?? int.MaxValue, slots.Counts++);
                }
            case SequencePattern s:
                {
                    var items = s.Items.Select(i => Build(i, ids, slots, taxonomy)).ToArray();
                    return new SequenceNode(items, slots.Counts++);
                }
            case AndPattern a:
                return new AndNode(a.Items.Select(i => Build(i, ids, slots, taxonomy)).ToArray());
            case OrPattern o:
                return new OrNode(o.Items.Select(i => Build(i, ids, slots, taxonomy)).ToArray());
            case WindowPattern w:
                return new InnerWindowNode(Build(w.Inner, ids, slots, taxonomy), w.Seconds * TimeSpan.TicksPerSecond, slots.Times++);
            default:
                return new CountNode(-1, 1, 1, slots.Counts++, -1, default);
        }
    }
}
