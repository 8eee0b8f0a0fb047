using Vigil.Events;
using Vigil.Language.Syntax;
using Vigil.Runtime;
using Vigil.Tables;

namespace Vigil.Correlation;

public sealed partial class CorrelationEngine
{
    private void OfferToBranch(CompiledBranch branch, int eventId, RowKey key, NormalizedEvent e, long time, int depth)
    {
        var rule = branch.Rule;
        var map = _instances[rule.Index][branch.Index];
        map.TryGetValue(key, out var head);
        Instance? previous = null, last = null;
        for (Instance? inst = head, next; inst is not null; inst = next)
        {
            next = inst.Next; // read first: unlinking clears it
            if (branch.Window == WindowKind.Within && time - inst.FirstTime > branch.WindowTicks)
            {
                // The group no longer fits in its window: this instance can never complete.
                Unlink(inst, previous);
                _stats[rule.Index].Expired++;
                continue;
            }
            last = inst;
            if (!branch.Root.CanAccept(inst, eventId, e)) { previous = inst; continue; }
            AcceptInto(inst, eventId, e, time, depth, previous);
            return;
        }

        var fresh = new Instance(branch, key, ++_sequence);
        if (!branch.Root.CanAccept(fresh, eventId, e)) return; // this event cannot start the pattern
        fresh.Key = key.Detached(); // the routed key may live in a borrowed array
        fresh.FirstTime = time;
        fresh.State[rule.CorrelationNameSlot] = Value.String(rule.Name);
        _stats[rule.Index].InstancesCreated++;
        RunBlock(rule.Init, fresh, e, time);
        // Oldest first: the chain's order is the order instances are offered events.
        if (last is null) map[fresh.Key] = fresh;
        else last.Next = fresh;
        _stats[rule.Index].LiveInstances++;
        _creationOrder[rule.Index].Enqueue(fresh);
        Arm(fresh);
        AcceptInto(fresh, eventId, e, time, depth, last);
        EnforceLimit(rule);
    }

    /// <summary><paramref name="previous"/>: the instance before <paramref name="inst"/> in its key's chain (null for the head).</summary>
    private void AcceptInto(Instance inst, int eventId, NormalizedEvent e, long time, int depth, Instance? previous)
    {
        var branch = inst.Branch;
        var rule = branch.Rule;
        branch.Root.Accept(inst, eventId, e, time);
        inst.EventCount++;
        inst.LastTime = inst.EventCount == 1 ? time : Math.Max(inst.LastTime, time);
        if (rule.Handlers[eventId] is { } handler && RunBlock(handler, inst, e, time))
        {
            // `close` in a handler: the instance ends without firing.
            Unlink(inst, previous);
            _stats[rule.Index].Closed++;
            return;
        }
        if (branch.Window == WindowKind.TimeoutTimer) Arm(inst);
        // Timers wait for more events, unless nothing more can be taken (S[2] reached its count: SharpNoPSExec).
        if ((branch.FiresWhenSatisfied || branch.Root.Saturated(inst)) && branch.Root.Satisfied(inst))
        {
            Unlink(inst, previous);
            Fire(inst, e, depth);
        }
    }

    /// <summary>Runs init/on code against the instance; true when it executed <c>close</c>.</summary>
    private bool RunBlock(CompiledStatement block, Instance inst, NormalizedEvent? e, long time)
    {
        _ctx.Reset();
        _ctx.Event = e;
        _ctx.State = inst.State;
        _ctx.StateLimit = inst.Branch.Rule.StateSize;
        _ctx.NowTicks = time;
        block(_ctx);
        bool closed = _ctx.Closed;
        inst.State = _ctx.State; // writes may have grown it
        _ctx.State = null;
        return closed;
    }

    private void Arm(Instance inst)
    {
        var b = inst.Branch;
        long deadline = b.Window switch
        {
            WindowKind.Timer or WindowKind.Within => Saturating(inst.FirstTime, b.WindowTicks),
            WindowKind.TimeoutTimer => Saturating(inst.EventCount == 0 ? inst.FirstTime : inst.LastTime, b.WindowTicks),
            _ => Saturating(inst.FirstTime, _options.WindowlessLifetime.Ticks),
        };
        if (deadline == inst.Deadline) return;
        inst.Deadline = deadline;
        _timers.Enqueue(inst, (deadline, inst.Sequence));
    }

    private static long Saturating(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private void Expire(Instance inst)
    {
        var branch = inst.Branch;
        Remove(inst);
        if (!branch.FiresWhenSatisfied && branch.Root.Satisfied(inst)) Fire(inst, null, 0);
        else _stats[branch.Rule.Index].Expired++;
    }

    /// <summary>Takes a live instance out of its key's chain, finding its predecessor.</summary>
    private void Remove(Instance inst)
    {
        if (!inst.Alive) return;
        var map = _instances[inst.Branch.Rule.Index][inst.Branch.Index];
        if (!map.TryGetValue(inst.Key, out var head)) return;
        Instance? previous = null;
        for (var i = head; i is not null && i != inst; i = i.Next) previous = i;
        Unlink(inst, previous);
    }

    private void Unlink(Instance inst, Instance? previous)
    {
        inst.Alive = false;
        if (previous is not null) previous.Next = inst.Next;
        else
        {
            var map = _instances[inst.Branch.Rule.Index][inst.Branch.Index];
            if (inst.Next is null) map.Remove(inst.Key);
            else map[inst.Key] = inst.Next;
        }
        inst.Next = null;
        _stats[inst.Branch.Rule.Index].LiveInstances--;
    }

    private void EnforceLimit(CompiledRule rule)
    {
        var stats = _stats[rule.Index];
        var order = _creationOrder[rule.Index];
        while (stats.LiveInstances > _options.MaxInstancesPerRule && order.TryDequeue(out var oldest))
        {
            if (!oldest.Alive) continue;
            Remove(oldest);
            stats.Evicted++;
        }
        // Keep the creation queue from growing with dead entries.
        while (order.TryPeek(out var head) && !head.Alive) order.Dequeue();
    }
}
