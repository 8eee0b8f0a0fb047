using System.Runtime.CompilerServices;
using Vigil.Events;

namespace Vigil.Runtime;

/// <summary>
/// Memo of one call site of a pure function whose varying arguments (one or two) are strings: event data
/// repeats (the same image path lowered and split on every event of a process), and repeated values arrive as the
/// same string instance (interned at decoding), so a hit costs an identity hash and a reference compare.
/// Direct-mapped and bounded; lock-free (each slot holds an immutable entry, swapped atomically). A site whose
/// inputs rarely repeat turns itself off for a while, so unique values (GUIDs, times) cost almost nothing.
/// </summary>
internal sealed class CallMemo
{
    // Enough for the distinct images, DLLs and accounts of a busy host to coexist; allocated on the first entry,
    // so the thousands of call sites that never run (or never see a string) cost no table.
    private const int SlotCount = 256;

    private sealed class Entry(string a, string? b, Value result)
    {
        public readonly string A = a;
        public readonly string? B = b;
        public readonly Value Result = result;
    }

    private Entry?[]? _slots;
    // Under a quarter of calls hitting is not worth an entry per miss.
    private ProbeGate _gate;

    public bool Active => !_gate.Skip();

    public bool TryGet(string a, string? b, out Value result)
    {
        var e = _slots?[Slot(a, b)];
        if (e is not null && ReferenceEquals(e.A, a) && ReferenceEquals(e.B, b))
        {
            _gate.Record(useful: true, share: 4);
            result = e.Result;
            return true;
        }
        _gate.Record(useful: false, share: 4);
        result = default;
        return false;
    }

    public void Add(string a, string? b, Value result) => (_slots ??= new Entry?[SlotCount])[Slot(a, b)] = new Entry(a, b, result);

    private static int Slot(string a, string? b) =>
        (RuntimeHelpers.GetHashCode(a) ^ (b is null ? 0 : RuntimeHelpers.GetHashCode(b) * 31)) & (SlotCount - 1);
}
