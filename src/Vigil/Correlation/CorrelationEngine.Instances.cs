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
        if (map.TryGetValue(key, out var list))
        {
            for (int i = 0; i < list.Count; i++)
            {
                var inst = list[i];
                if (branch.Window == WindowKind.Within && time - inst.FirstTime > branch.WindowTicks)
                {
                    // The group no longer fits in its window: this instance can never complete.
                    Remove(inst, list, i--);
                    _stats[rule.Index].Expired++;
                    continue;
                }
                if (!branch.Root.CanAccept(inst, eventId, e)) continue;
                AcceptInto(inst, eventId, e, time, depth, list, i);
                return;
            }
        }

        var fresh = new Instance(branch, key, ++_sequence);
        if (!branch.Root.CanAccept(fresh, eventId, e)) return; // this event cannot start the pattern
        fresh.FirstTime = time;
        fresh.State[rule.CorrelationNameSlot] = Value.String(rule.Name);
        _stats[rule.Index].InstancesCreated++;
        RunBlock(rule.Init, fresh, e, time);
        if (list is null)
        {
            list = new List<Instance>(1);
            map[key] = list;
        }
        list.Add(fresh);
        _stats[rule.Index].LiveInstances++;
        _creationOrder[rule.Index].Enqueue(fresh);
        Arm(fresh);
        AcceptInto(fresh, eventId, e, time, depth, list, list.Count - 1);
        EnforceLimit(rule);
    }

    private void AcceptInto(Instance inst, int eventId, NormalizedEvent e, long time, int depth, List<Instance> list, int index)
    {
        var branch = inst.Branch;
        var rule = branch.Rule;
        branch.Root.Accept(inst, eventId, e, time);
        inst.EventCount++;
        inst.LastTime = inst.EventCount == 1 ? time : Math.Max(inst.LastTime, time);
        if (rule.Handlers[eventId] is { } handler && RunBlock(handler, inst, e, time))
        {
            // `close` in a handler: the instance ends without firing.
            Remove(inst, list, index);
            _stats[rule.Index].Closed++;
            return;
        }
        if (branch.Window == WindowKind.TimeoutTimer) Arm(inst);
        // Timers wait for more events, unless nothing more can be taken (S[2] reached its count: SharpNoPSExec).
        if ((branch.FiresWhenSatisfied || branch.Root.Saturated(inst)) && branch.Root.Satisfied(inst))
        {
            Remove(inst, list, index);
            Fire(inst, e, depth);
        }
    }

    /// <summary>Runs init/on code against the instance; true when it executed <c>close</c>.</summary>
    private bool RunBlock(CompiledStatement block, Instance inst, NormalizedEvent? e, long time)
    {
        _ctx.Reset();
        _ctx.Event = e;
        _ctx.State = inst.State;
        _ctx.NowTicks = time;
        block(_ctx);
        bool closed = _ctx.Closed;
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
        var rule = branch.Rule;
        var map = _instances[rule.Index][branch.Index];
        if (map.TryGetValue(inst.Key, out var list))
        {
            int i = list.IndexOf(inst);
            if (i >= 0) Remove(inst, list, i);
        }
        if (!branch.FiresWhenSatisfied && branch.Root.Satisfied(inst)) Fire(inst, null, 0);
        else _stats[rule.Index].Expired++;
    }

    private void Remove(Instance inst, List<Instance> list, int index)
    {
        inst.Alive = false;
        list.RemoveAt(index);
        if (list.Count == 0) _instances[inst.Branch.Rule.Index][inst.Branch.Index].Remove(inst.Key);
        _stats[inst.Branch.Rule.Index].LiveInstances--;
    }

    private void EnforceLimit(CompiledRule rule)
    {
        var stats = _stats[rule.Index];
        var order = _creationOrder[rule.Index];
        while (stats.LiveInstances > _options.MaxInstancesPerRule && order.TryDequeue(out var oldest))
        {
            if (!oldest.Alive) continue;
            var map = _instances[rule.Index][oldest.Branch.Index];
            if (map.TryGetValue(oldest.Key, out var list))
            {
                int i = list.IndexOf(oldest);
                if (i >= 0) Remove(oldest, list, i);
            }
            stats.Evicted++;
        }
        // Keep the creation queue from growing with dead entries.
        while (order.TryPeek(out var head) && !head.Alive) order.Dequeue();
    }
}
