namespace Vigil.Runtime;

/// <summary>
/// For a shortcut that must earn its cost (a memo, a pre-check): it is used while it proves useful on enough calls,
/// switched off for a while when it does not, then probed again. Counters are approximate under threads, which blurs
/// only the statistics, never a result (the shortcut's users stay correct with it on or off).
/// </summary>
internal struct ProbeGate
{
    private const int ProbeCalls = 4096;  // calls per verdict
    private const int OffCalls = 1 << 20; // calls to skip before probing again

    private int _calls, _useful, _offFor;

    /// <summary>True while switched off: the caller does without the shortcut for this call.</summary>
    public bool Skip()
    {
        if (_offFor <= 0) return false;
        _offFor--;
        return true;
    }

    /// <summary>Counts a call that used the shortcut; it is switched off when under one in <paramref name="share"/> of a probe's calls were useful.</summary>
    public void Record(bool useful, int share)
    {
        if (useful) _useful++;
        if (++_calls < ProbeCalls) return;
        if (_useful * share < _calls) _offFor = OffCalls;
        _calls = _useful = 0;
    }
}
