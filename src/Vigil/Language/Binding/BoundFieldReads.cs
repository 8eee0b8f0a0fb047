namespace Vigil.Language.Binding;

/// <summary>
/// The taxonomy fields bound code reads from its event. Functions see only their arguments, so every read of an
/// event field is a <see cref="BoundFieldRead"/> somewhere in the tree (query predicates included). A node this
/// walker does not know makes the answer "unknown" (false), never a set that is too small.
/// </summary>
public static class BoundFieldReads
{
    /// <summary>Adds the fields <paramref name="e"/> reads to <paramref name="into"/>; false when it may read others.</summary>
    public static bool Collect(BoundExpression e, HashSet<int> into)
    {
        switch (e)
        {
            case BoundFieldRead f:
                into.Add(f.Field.Id.Value);
                return true;
            case BoundLiteral or BoundSlotRead or BoundInputRead or BoundStateRead or BoundParameterRead or BoundColumnRead or BoundAggregate or BoundError:
                return true;
            case BoundIndex ix:
                return Collect(ix.Target, into) && Collect(ix.Index, into);
            case BoundCall c:
                return All(c.Arguments, into);
            case BoundUnary u:
                return Collect(u.Operand, into);
            case BoundBinary b:
                return Collect(b.Left, into) && Collect(b.Right, into);
            case BoundList l:
                return All(l.Items, into);
            case BoundIf i:
                return i.Branches.All(br => Collect(br.Condition, into) && Collect(br.Value, into)) && (i.Else is null || Collect(i.Else, into));
            case BoundSwitch sw:
                return Collect(sw.Subject, into) && sw.Cases.All(c => Collect(c.Match, into) && Collect(c.Value, into)) && (sw.Default is null || Collect(sw.Default, into));
            case BoundQueryCall q:
                return All(q.Arguments, into) && Collect(q.Query, into);
            case BoundSelectFirst s:
                return All(s.Arguments, into) && Collect(s.Query, into);
            case BoundRegexMatch r:
                return Collect(r.Value, into);
            default:
                return false;
        }
    }

    /// <summary>Adds the fields the statements read (conditions, values, table writes) to <paramref name="into"/>; false when they may read others.</summary>
    public static bool Collect(IEnumerable<BoundStatement> block, HashSet<int> into)
    {
        foreach (var s in block)
        {
            bool known = s switch
            {
                BoundAssignment a => Collect(a.Value, into),
                BoundIfStatement i => i.Branches.All(br => Collect(br.Condition, into) && Collect(br.Body, into)) && (i.Else is not { } e || Collect(e, into)),
                BoundSwitchStatement sw => Collect(sw.Subject, into) && sw.Cases.All(c => Collect(c.Match, into) && Collect(c.Body, into)) && (sw.Default is not { } d || Collect(d, into)),
                BoundExpressionStatement x => Collect(x.Expression, into),
                BoundDrop or BoundClose => true,
                BoundTableWrite w => w.Columns.All(c => Collect(c.Value, into)),
                BoundSubmessage m => Collect(m.Value, into),
                _ => false,
            };
            if (!known) return false;
        }
        return true;
    }

    /// <summary>Adds the fields an event declaration reads (its filter and its key) to <paramref name="into"/>; false when it may read others.</summary>
    public static bool Collect(BoundEvent e, HashSet<int> into)
    {
        if (!Collect(e.Filter, into)) return false;
        foreach (var k in e.Key) into.Add(k.Id.Value);
        return true;
    }

    /// <summary>
    /// Adds the fields a formula reads (its COND, statements and submessage values, subformulas included) to
    /// <paramref name="into"/>; false when it may read others.
    /// </summary>
    public static bool Collect(BoundFormula formula, HashSet<int> into) =>
        formula.Subformulas.Select(s => s.Body).Prepend(formula.Main)
            .All(b => (b.Condition is null || Collect(b.Condition, into)) && Collect(b.Statements, into));

    // A query's predicate and aggregates run with the caller's event: `filter { object.name == $1 }` reads it too.
    private static bool Collect(BoundQuery q, HashSet<int> into) => Collect(q.Predicate, into) && q.Handler.All(h => Collect(h.Aggregate, into));

    private static bool All(IEnumerable<BoundExpression> items, HashSet<int> into)
    {
        foreach (var item in items)
            if (!Collect(item, into)) return false;
        return true;
    }
}
