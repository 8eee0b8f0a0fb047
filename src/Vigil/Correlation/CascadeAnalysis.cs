using Vigil.Events;
using Vigil.Language.Binding;
using Vigil.Language.Syntax;

namespace Vigil.Correlation;

/// <summary>
/// Which rules take part in cascades: a rule whose events may be correlation events (a filter without
/// <c>correlation_name == null</c>), and every rule whose correlation events such a filter names. These must
/// see a cascade before the next input event, so the sharded correlator runs them on the router's thread;
/// the other rules go to the workers.
/// </summary>
public static class CascadeAnalysis
{
    public static HashSet<CompiledRule> CoupledRules(IReadOnlyList<CompiledRule> rules, Taxonomy taxonomy)
    {
        var coupled = new HashSet<CompiledRule>();
        var producers = new HashSet<string>(StringComparer.Ordinal);
        bool anyCorrelation = false;
        foreach (var rule in rules)
        {
            foreach (var decl in rule.Events)
            {
                if (RejectsCorrelationEvents(decl.BoundFilter, taxonomy.CorrelationName)) continue;
                coupled.Add(rule);
                var names = CorrelationNames(decl.BoundFilter, taxonomy.CorrelationName);
                if (names is null) anyCorrelation = true; // may consume any rule's output
                else producers.UnionWith(names);
            }
        }
        if (anyCorrelation) return [.. rules];
        foreach (var rule in rules)
            if (producers.Contains(rule.Name)) coupled.Add(rule);
        return coupled;
    }

    /// <summary>True when the filter requires <c>correlation_name == null</c> in every branch (filter::NotFromCorrelator()).</summary>
    private static bool RejectsCorrelationEvents(BoundExpression e, FieldId correlationName) => e switch
    {
        BoundBinary { Operator: BinaryOperator.And } and => RejectsCorrelationEvents(and.Left, correlationName) || RejectsCorrelationEvents(and.Right, correlationName),
        BoundBinary { Operator: BinaryOperator.Or } or => RejectsCorrelationEvents(or.Left, correlationName) && RejectsCorrelationEvents(or.Right, correlationName),
        BoundBinary { Operator: BinaryOperator.Equal, Left: BoundFieldRead f, Right: BoundLiteral { Value.IsNull: true } } => f.Field.Id == correlationName,
        BoundBinary { Operator: BinaryOperator.Equal, Left: BoundLiteral { Value.IsNull: true }, Right: BoundFieldRead f } => f.Field.Id == correlationName,
        _ => false,
    };

    /// <summary>The correlation names a filter requires (<c>correlation_name == "X"</c>), or null when it names none.</summary>
    private static HashSet<string>? CorrelationNames(BoundExpression e, FieldId correlationName)
    {
        switch (e)
        {
            case BoundBinary { Operator: BinaryOperator.And } and:
                return CorrelationNames(and.Left, correlationName) ?? CorrelationNames(and.Right, correlationName);
            case BoundBinary { Operator: BinaryOperator.Or } or:
                {
                    var l = CorrelationNames(or.Left, correlationName);
                    var r = CorrelationNames(or.Right, correlationName);
                    if (l is null || r is null) return null;
                    l.UnionWith(r);
                    return l;
                }
            case BoundBinary { Operator: BinaryOperator.Equal, Left: BoundFieldRead f, Right: BoundLiteral { Value.Kind: ValueKind.String } lit } when f.Field.Id == correlationName:
                return [lit.Value.AsString];
            case BoundCall { Function.Name: "in_list", Arguments: [BoundList list, BoundFieldRead f] } when f.Field.Id == correlationName
                && list.Items.All(i => i is BoundLiteral { Value.Kind: ValueKind.String }):
                return [.. list.Items.Select(i => ((BoundLiteral)i).Value.AsString)];
            default:
                return null;
        }
    }
}
