using System.Collections.Immutable;
using Vigil.Events;
using Vigil.Language.Diagnostics;
using Vigil.Language.Syntax;
using Vigil.Language.Text;

namespace Vigil.Language.Binding;

/// <summary>Binds a normalization formula: header filter, TEXT captures, COND and statements of the formula and its subformulas.</summary>
public static class FormulaBinder
{
    /// <summary>The root variables a Windows event offers (spec normalization §5.2).</summary>
    public static readonly IReadOnlySet<string> EventLogRoots = new HashSet<string>(StringComparer.Ordinal)
    {
        "EventID", "Version", "Level", "Task", "Opcode", "Keywords", "TimeCreated", "EventRecordID", "Correlation",
        "Execution", "Channel", "Computer", "Security", "Provider", "Data", "UserData", "EventData", "Qualifiers", "RenderingInfo",
    };

    public static BoundFormula Bind(FormulaSyntax formula, Taxonomy taxonomy, IBindingCatalog catalog, DiagnosticBag diagnostics)
    {
        var src = formula.Source;
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        CollectAssigned(formula.Body, assigned);
        foreach (var sub in formula.Subformulas) CollectAssigned(sub.Body, assigned);

        var binder = new Binder(src, diagnostics, taxonomy, catalog, subformulaNames: formula.Subformulas.Select(s => s.Name));
        var slots = new SlotTable();
        var main = BindBody(binder, formula.Body, slots, assigned, src, diagnostics);
        var subs = ImmutableArray.CreateBuilder<BoundSubformula>();
        foreach (var sub in formula.Subformulas)
            subs.Add(new BoundSubformula(sub.Name, BindBody(binder, sub.Body, slots, assigned, src, diagnostics)));
        return new BoundFormula(src, main, subs.ToImmutable(), slots.Count, [.. slots.Names()]);
    }

    private static BoundFormulaBody BindBody(Binder binder, FormulaBody body, SlotTable slots, HashSet<string> assigned, SourceText src, DiagnosticBag diagnostics)
    {
        IReadOnlySet<string>? roots = body.Header?.Format switch
        {
            InputFormat.EventLog => EventLogRoots,
            InputFormat.Xml => new HashSet<string>(StringComparer.Ordinal) { body.Header.Argument },
            InputFormat.Text => new HashSet<string>(StringComparer.Ordinal),
            _ => null, // JSON and the rest: any top-level key may exist
        };
        var scope = new BindScope { Kind = ScopeKind.Formula, Slots = slots, AssignedVariables = assigned, KnownInputRoots = roots };

        var captures = new Dictionary<PatternCapture, CaptureTarget>(ReferenceEqualityComparer.Instance);
        if (body.Header?.Pattern is { } pattern) BindCaptures(binder, pattern.Pieces, body.Header, slots, captures, src);

        HeaderFilter? filter = body.Header is { } h ? ParseHeaderFilter(h, src, diagnostics) : null;
        var cond = body.Condition is null ? null : binder.BindExpression(body.Condition, scope);
        var statements = binder.BindStatements(body.Statements, scope);
        return new BoundFormulaBody(body.Header, filter, cond, statements, captures);
    }

    private static void BindCaptures(Binder binder, ImmutableArray<PatternPiece> pieces, FormatHeader header, SlotTable slots,
        Dictionary<PatternCapture, CaptureTarget> captures, SourceText src)
    {
        foreach (var piece in pieces)
        {
            switch (piece)
            {
                case PatternGroup g:
                    foreach (var alt in g.Alternatives) BindCaptures(binder, alt, header, slots, captures, src);
                    break;
                case PatternToken { Capture: { } c }:
                    captures[c] = Target(binder, c, header, slots);
                    break;
                case PatternLiteral { Capture: { } c }:
                    captures[c] = Target(binder, c, header, slots);
                    break;
            }
        }
    }

    private static CaptureTarget Target(Binder binder, PatternCapture c, FormatHeader header, SlotTable slots)
    {
        if (c.IsVariable) return new CaptureTarget(null, slots.GetOrAdd(c.Name));
        int at = Math.Min(header.ArgumentSpan.Start + 1 + c.Offset, Math.Max(header.ArgumentSpan.Start, header.ArgumentSpan.End - 1));
        var field = binder.ResolveField(c.Name, new TextSpan(at, c.Length));
        return new CaptureTarget(field, -1);
    }

    private static void CollectAssigned(FormulaBody body, HashSet<string> assigned)
    {
        if (body.Header?.Pattern is { } p) CollectCaptures(p.Pieces, assigned);
        CollectAssigned(body.Statements, assigned);
    }

    private static void CollectCaptures(ImmutableArray<PatternPiece> pieces, HashSet<string> assigned)
    {
        foreach (var piece in pieces)
        {
            if (piece is PatternGroup g) foreach (var alt in g.Alternatives) CollectCaptures(alt, assigned);
            else if (piece is PatternToken { Capture: { IsVariable: true } c }) assigned.Add(c.Name);
            else if (piece is PatternLiteral { Capture: { IsVariable: true } l }) assigned.Add(l.Name);
        }
    }

    private static void CollectAssigned(ImmutableArray<StatementSyntax> statements, HashSet<string> assigned)
    {
        foreach (var s in statements)
        {
            switch (s)
            {
                case AssignmentStatement { Target: VariableExpression v }: assigned.Add(v.Name); break;
                case IfStatement i:
                    foreach (var b in i.Branches) CollectAssigned(b.Body, assigned);
                    if (i.Else is { } e) CollectAssigned(e, assigned);
                    break;
                case SwitchStatement sw:
                    foreach (var c in sw.Cases) CollectAssigned(c.Body, assigned);
                    if (sw.Default is { } d) CollectAssigned(d, assigned);
                    break;
            }
        }
    }

    /// <summary>
    /// Parses <c>Path="value"</c> / <c>Path=value</c> of EVENTLOG and JSON headers; an empty argument means no filter.
    /// For XML the argument is the root element name and for TEXT the pattern, so neither has a filter.
    /// </summary>
    private static HeaderFilter? ParseHeaderFilter(FormatHeader h, SourceText src, DiagnosticBag diagnostics)
    {
        if (h.Format is not (InputFormat.EventLog or InputFormat.Json or InputFormat.KeyValue)) return null;
        var arg = h.Argument.Trim();
        if (arg.Length == 0) return null;
        int eq = arg.IndexOf('=');
        if (eq <= 0)
        {
            diagnostics.Add(DiagnosticFacts.EventFilterHeader(src, h.ArgumentSpan, $"expected Name=\"value\", got '{arg}'"));
            return null;
        }
        var path = arg[..eq].Trim();
        var value = arg[(eq + 1)..].Trim();
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]) value = value[1..^1];
        var parts = path.Split('.');
        if (parts.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            diagnostics.Add(DiagnosticFacts.EventFilterHeader(src, h.ArgumentSpan, $"'{path}' is not a field path"));
            return null;
        }
        return new HeaderFilter([.. parts], value);
    }
}
