using Vigil.Events;
using Vigil.Language.Syntax;

namespace Vigil.Correlation;

public sealed partial class CorrelationEngine
{
    /// <summary>Every correlation event with its cascade depth (the sharded correlator routes it back to the router).</summary>
    public Action<NormalizedEvent, int>? Fired { get; set; }

    /// <summary>Runs emit and builds the correlation event from the instance state; then output and cascade.</summary>
    private void Fire(Instance inst, NormalizedEvent? trigger, int depth)
    {
        var rule = inst.Branch.Rule;
        if (_disabled[rule.Index]) return;
        RunBlock(rule.Emit, inst, trigger, inst.LastTime);
        if (_ctx.Closed) return; // `close` in emit: nothing is emitted

        var ce = new NormalizedEvent(_taxonomy);
        var state = inst.State;
        for (int i = 0; i < state.Length; i++)
            if (rule.StateFields[i] is { } field && !state[i].IsNull) ce.SetRaw(field.Id, state[i]);
        if (!ce.Has(_correlationName)) ce.SetRaw(_correlationName, Value.String(rule.Name));
        ce.SetRaw(_rule, Value.String(rule.Name));
        ce.Set(_generatorType, Value.String("correlationengine"));
        ce.SetRaw(_normalized, Value.True);
        ce.SetRaw(_count, Value.Number(1));
        // A rule that fires on its last event happens then (spec correlation §5.1.12); a timer fires when it
        // expires, first event + window (CVE_2023_42793 tests 1 and 4 expect exactly that time).
        long time = trigger is null && inst.Branch.Window is WindowKind.Timer or WindowKind.TimeoutTimer ? inst.Deadline : inst.LastTime;
        if (rule.TimeSlot < 0 || rule.TimeSlot >= state.Length || state[rule.TimeSlot].IsNull) ce.SetRaw(_time, Value.DateTime(time));
        if (_options.ApplicationId is { } app)
        {
            ce.Set(_originApp, Value.String(app));
            ce.Set(_primaryApp, Value.String(app));
        }
        if (_options.AssignUuids) ce.Set(_uuid, Value.String(Guid.NewGuid().ToString()));

        _stats[rule.Index].Fired++;
        if (!CheckRate(rule, inst.LastTime)) return;
        EnrichOutput?.Invoke(ce);
        Output?.Invoke(ce);
        if (CascadeLocally && depth + 1 < _options.MaxCascadeDepth) _cascade.Enqueue((ce, depth + 1));
        Fired?.Invoke(ce, depth + 1);
    }

    /// <summary>Loop guard: a rule that fires faster than the limit (per second of event time) is disabled with a warning event.</summary>
    private bool CheckRate(CompiledRule rule, long time)
    {
        ref var r = ref _rate[rule.Index];
        long second = time / TimeSpan.TicksPerSecond;
        if (second != r.WindowStart)
        {
            r.WindowStart = second;
            r.Count = 0;
        }
        if (++r.Count <= _options.MaxFiresPerSecond) return true;
        _disabled[rule.Index] = true;
        var w = new NormalizedEvent(_taxonomy);
        w.Set("correlation_name", Value.String("vigil_loop_guard"));
        w.Set("correlation_type", Value.String("event"));
        w.Set("importance", Value.String("high"));
        w.Set("reason", Value.String($"rule '{rule.Name}' fired more than {_options.MaxFiresPerSecond} times in one second of event time and was disabled"));
        w.Set("object.name", Value.String(rule.Name));
        w.SetRaw(_time, Value.DateTime(time));
        w.Set(_generatorType, Value.String("correlationengine"));
        w.SetRaw(_normalized, Value.True);
        Output?.Invoke(w);
        return false;
    }
}
