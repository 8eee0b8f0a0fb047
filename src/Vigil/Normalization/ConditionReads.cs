using Vigil.Language.Binding;

namespace Vigil.Normalization;

/// <summary>
/// The fields and slots a COND reads, so a TEXT match can write just those captures before the COND runs and
/// leave the rest (strings, time parsing) for lines the COND accepts. Null when the expression may read more
/// than it names (special functions, queries): then every capture is written first, as before.
/// </summary>
internal sealed class ConditionReads
{
    public readonly HashSet<int> Fields = [];
    public readonly HashSet<int> Slots = [];

    public static ConditionReads? Of(BoundExpression? condition)
    {
        if (condition is null) return null;
        var reads = new ConditionReads();
        return reads.Visit(condition) ? reads : null;
    }

    public bool Reads(CaptureTarget t) => t.Field is { } f ? Fields.Contains(f.Id.Value) : Slots.Contains(t.Slot);

    private bool Visit(BoundExpression e)
    {
        switch (e)
        {
            case BoundLiteral or BoundInputRead:
                return true;
            case BoundFieldRead f:
                Fields.Add(f.Field.Id.Value);
                return true;
            case BoundSlotRead s:
                Slots.Add(s.Slot);
                return true;
            case BoundIndex ix:
                return Visit(ix.Target) && Visit(ix.Index);
            case BoundCall c:
                // Only plain functions of their arguments; special ones are compiled with access to the context.
                return c.Function.IsPure && c.Arguments.All(Visit);
            case BoundUnary u:
                return Visit(u.Operand);
            case BoundBinary b:
                return Visit(b.Left) && Visit(b.Right);
            case BoundList l:
                return l.Items.All(Visit);
            case BoundIf i:
                return i.Branches.All(br => Visit(br.Condition) && Visit(br.Value)) && (i.Else is null || Visit(i.Else));
            case BoundSwitch sw:
                return Visit(sw.Subject) && sw.Cases.All(c => Visit(c.Match) && Visit(c.Value)) && (sw.Default is null || Visit(sw.Default));
            default:
                return false;
        }
    }
}
