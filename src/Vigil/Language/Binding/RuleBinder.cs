using System.Collections.Immutable;
using Vigil.Events;
using Vigil.Language.Diagnostics;
using Vigil.Language.Syntax;
using Vigil.Language.Text;

namespace Vigil.Language.Binding;

/// <summary>Binds a .co, .en or .flt file: events (keys, filters), rule patterns and handlers, enrichments, queries, macros.</summary>
public static class RuleBinder
{
    public enum FileKind { Correlation, Enrichment, Macro }

    public static BoundRuleFile Bind(RuleFileSyntax file, FileKind kind, Taxonomy taxonomy, IBindingCatalog catalog, DiagnosticBag diagnostics)
    {
        var src = file.Source;
        var queries = new Dictionary<string, QueryDeclaration>(StringComparer.Ordinal);
        foreach (var q in file.Queries)
        {
            if (!queries.TryAdd(q.Name, q)) diagnostics.Add(DiagnosticFacts.DuplicateDeclaration(src, q.NameSpan, "query", q.Name));
        }
        var binder = new Binder(src, diagnostics, taxonomy, catalog, queries);
        CheckPlacement(file, kind, diagnostics);

        var events = ImmutableArray.CreateBuilder<BoundEvent>();
        var eventsByName = new Dictionary<string, BoundEvent>(StringComparer.Ordinal);
        foreach (var e in file.Events)
        {
            var key = ImmutableArray.CreateBuilder<FieldInfo>();
            foreach (var k in e.Key)
                if (binder.ResolveField(k.Name, k.Span) is { } f) key.Add(f);
            var filter = e.Filter is null ? new BoundLiteral(e.Span, Value.True) : binder.BindExpression(e.Filter, new BindScope { Kind = ScopeKind.Filter });
            var be = new BoundEvent(e.Name, e.NameSpan, key.ToImmutable(), filter);
            if (!eventsByName.TryAdd(e.Name, be)) diagnostics.Add(DiagnosticFacts.DuplicateDeclaration(src, e.NameSpan, "event", e.Name));
            else events.Add(be);
        }

        var rules = ImmutableArray.CreateBuilder<BoundRule>();
        foreach (var r in file.Rules) rules.Add(BindRule(r, binder, eventsByName, taxonomy, src, diagnostics));

        var enrichments = ImmutableArray.CreateBuilder<BoundEnrichment>();
        foreach (var en in file.Enrichments)
        {
            var slots = new SlotTable();
            var scope = new BindScope { Kind = ScopeKind.Enrichment, Slots = slots };
            var blocks = ImmutableArray.CreateBuilder<BoundEnrichBlock>();
            foreach (var b in en.Blocks)
            {
                if (!eventsByName.ContainsKey(b.EventName))
                    diagnostics.Add(DiagnosticFacts.UnknownEvent(src, b.NameSpan, b.EventName, Suggestions.Closest(b.EventName, eventsByName.Keys)));
                blocks.Add(new BoundEnrichBlock(b.EventName, binder.BindStatements(b.Body, scope)));
            }
            enrichments.Add(new BoundEnrichment(en.Name, blocks.ToImmutable(), slots.Count));
        }

        if (kind != FileKind.Macro)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in file.Rules) CollectEvents(r.Pattern, used);
            foreach (var en in file.Enrichments) foreach (var b in en.Blocks) used.Add(b.EventName);
            foreach (var e in file.Events)
                if (!used.Contains(e.Name)) diagnostics.Add(DiagnosticFacts.EventNotUsed(src, e.NameSpan, e.Name));
        }

        // Queries are bound on first use; bind the unused ones too so their errors show.
        foreach (var q in file.Queries)
            if (!binder.IsQueryResolved(q.Name))
                binder.BindExpression(new CallExpression(q.NameSpan, "exec_query", q.NameSpan,
                    [new LiteralExpression(q.NameSpan, LiteralKind.String, q.Name, 0, 0),
                     new ListExpression(q.NameSpan, q.Parameters.Select(p => (ExpressionSyntax)new LiteralExpression(p.Span, LiteralKind.Null, null, 0, 0)).ToImmutableArray())]),
                    new BindScope { Kind = ScopeKind.Filter });

        foreach (var m in file.Macros) binder.BindMacroDeclaration(m);

        return new BoundRuleFile(src, events.ToImmutable(), rules.ToImmutable(), enrichments.ToImmutable(), binder.BoundQueries);
    }

    private static void CheckPlacement(RuleFileSyntax file, FileKind kind, DiagnosticBag diagnostics)
    {
        var src = file.Source;
        switch (kind)
        {
            case FileKind.Correlation:
                if (file.Rules.Length == 0) diagnostics.Add(DiagnosticFacts.MissingRuleBody(src, new TextSpan(0, 0), "a correlation rule file needs a 'rule Name: …' declaration"));
                foreach (var e in file.Enrichments) diagnostics.Add(DiagnosticFacts.StatementNotAllowed(src, e.NameSpan, "an enrichment", "in a correlation rule file (.co); put it in a .en file"));
                foreach (var m in file.Macros) diagnostics.Add(DiagnosticFacts.StatementNotAllowed(src, m.NameSpan, "a filter macro", "in a correlation rule file; put it in a .flt file"));
                break;
            case FileKind.Enrichment:
                if (file.Enrichments.Length == 0) diagnostics.Add(DiagnosticFacts.MissingRuleBody(src, new TextSpan(0, 0), "an enrichment rule file needs an 'enrichment Name' declaration"));
                foreach (var r in file.Rules) diagnostics.Add(DiagnosticFacts.StatementNotAllowed(src, r.NameSpan, "a correlation rule", "in an enrichment file (.en)"));
                foreach (var m in file.Macros) diagnostics.Add(DiagnosticFacts.StatementNotAllowed(src, m.NameSpan, "a filter macro", "in an enrichment file; put it in a .flt file"));
                break;
            case FileKind.Macro:
                if (file.Macros.Length == 0) diagnostics.Add(DiagnosticFacts.MissingRuleBody(src, new TextSpan(0, 0), "a filter file needs a 'filter Name(…) { … }' declaration"));
                foreach (var r in file.Rules) diagnostics.Add(DiagnosticFacts.StatementNotAllowed(src, r.NameSpan, "a correlation rule", "in a filter file (.flt)"));
                foreach (var e in file.Events) diagnostics.Add(DiagnosticFacts.StatementNotAllowed(src, e.NameSpan, "an event declaration", "in a filter file (.flt)"));
                break;
        }
    }

    private static BoundRule BindRule(RuleDeclaration r, Binder binder, Dictionary<string, BoundEvent> events, Taxonomy taxonomy, SourceText src, DiagnosticBag diagnostics)
    {
        ResolvePattern(r.Pattern, events, taxonomy, src, diagnostics);
        CheckKeyArity(r.Pattern, events, src, diagnostics);
        var inPattern = new HashSet<string>(StringComparer.Ordinal);
        CollectEvents(r.Pattern, inPattern);

        var state = new StateLayout();
        state.GetOrAdd("correlation_name", taxonomy); // readable in emit before any assignment
        var scope = new BindScope { Kind = ScopeKind.Handler, State = state };
        var init = r.Init is { } i ? binder.BindStatements(i, scope) : ImmutableArray<BoundStatement>.Empty;
        var handlers = ImmutableArray.CreateBuilder<BoundHandler>();
        foreach (var h in r.Handlers)
        {
            if (!inPattern.Contains(h.EventName))
                diagnostics.Add(events.ContainsKey(h.EventName)
                    ? DiagnosticFacts.StatementNotAllowed(src, h.NameSpan, $"a handler for '{h.EventName}'", "because that event is not in the rule's pattern")
                    : DiagnosticFacts.UnknownEvent(src, h.NameSpan, h.EventName, Suggestions.Closest(h.EventName, events.Keys)));
            handlers.Add(new BoundHandler(h.EventName, binder.BindStatements(h.Body, scope)));
        }
        var emit = r.Emit is { } e ? binder.BindStatements(e, scope) : ImmutableArray<BoundStatement>.Empty;
        if (r.Emit is null) diagnostics.Add(DiagnosticFacts.MissingRuleBody(src, r.NameSpan, $"rule '{r.Name}' has no 'emit {{ … }}' block"));
        return new BoundRule(r.Name, r.NameSpan, r.Pattern, init, handlers.ToImmutable(), emit, state);
    }

    private static void ResolvePattern(PatternSyntax p, Dictionary<string, BoundEvent> events, Taxonomy taxonomy, SourceText src, DiagnosticBag diagnostics)
    {
        switch (p)
        {
            case EventPattern e when !events.ContainsKey(e.Name):
                diagnostics.Add(DiagnosticFacts.UnknownEvent(src, e.Span, e.Name, Suggestions.Closest(e.Name, events.Keys)));
                break;
            case SequencePattern s: foreach (var i in s.Items) ResolvePattern(i, events, taxonomy, src, diagnostics); break;
            case AndPattern a: foreach (var i in a.Items) ResolvePattern(i, events, taxonomy, src, diagnostics); break;
            case OrPattern o: foreach (var i in o.Items) ResolvePattern(i, events, taxonomy, src, diagnostics); break;
            case QuantifiedPattern q:
                ResolvePattern(q.Inner, events, taxonomy, src, diagnostics);
                if (q.Inner is not EventPattern && !(q.Min == 0 && q.Max == 1 && q.Different is null))
                    diagnostics.Add(new Diagnostic("XP0323", Severity.Error,
                        "only '?' may follow a parenthesised group; put counts and 'with different' on the events inside", src, q.Span));
                if (q.Different is { } d && !taxonomy.TryGetField(d.Name, out _))
                    diagnostics.Add(DiagnosticFacts.UnknownField(src, d.Span, d.Name, null));
                break;
            case WindowPattern w: ResolvePattern(w.Inner, events, taxonomy, src, diagnostics); break;
        }
    }

    /// <summary>Events combined in one `or` branch are joined positionally on their keys, so their key sizes must agree.</summary>
    private static void CheckKeyArity(PatternSyntax p, Dictionary<string, BoundEvent> events, SourceText src, DiagnosticBag diagnostics)
    {
        foreach (var branch in TopLevelBranches(p))
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            CollectEvents(branch, names);
            BoundEvent? first = null;
            foreach (var n in names)
            {
                if (!events.TryGetValue(n, out var ev)) continue;
                if (first is null) { first = ev; continue; }
                if (ev.Key.Length != first.Key.Length)
                    diagnostics.Add(DiagnosticFacts.KeyArity(src, branch.Span, first.Name, first.Key.Length, ev.Name, ev.Key.Length));
            }
        }
    }

    /// <summary>
    /// The alternatives of a rule's top-level <c>or</c>, each matched on its own. A window around an <c>or</c>
    /// (<c>(A or B) timer 1m</c>) applies to every alternative, so it is pushed down onto each branch.
    /// </summary>
    public static IEnumerable<PatternSyntax> TopLevelBranches(PatternSyntax p)
    {
        switch (p)
        {
            case OrPattern o: foreach (var i in o.Items) foreach (var b in TopLevelBranches(i)) yield return b; break;
            case WindowPattern { Inner: OrPattern } w:
                // A branch with a window of its own keeps it as an inner window under the outer one.
                foreach (var b in TopLevelBranches(w.Inner)) yield return new WindowPattern(b.Span, b, w.Kind, w.Seconds);
                break;
            default: yield return p; break;
        }
    }

    public static void CollectEvents(PatternSyntax p, HashSet<string> into)
    {
        switch (p)
        {
            case EventPattern e: into.Add(e.Name); break;
            case SequencePattern s: foreach (var i in s.Items) CollectEvents(i, into); break;
            case AndPattern a: foreach (var i in a.Items) CollectEvents(i, into); break;
            case OrPattern o: foreach (var i in o.Items) CollectEvents(i, into); break;
            case QuantifiedPattern q: CollectEvents(q.Inner, into); break;
            case WindowPattern w: CollectEvents(w.Inner, into); break;
        }
    }
}
