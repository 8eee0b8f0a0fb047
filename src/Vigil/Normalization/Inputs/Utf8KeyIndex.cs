using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Vigil.Events;

namespace Vigil.Normalization.Inputs;

/// <summary>How JSON scalars become runtime values.</summary>
internal enum ValueMode : byte
{
    /// <summary>JSON semantics (§5.3): numbers stay numbers, booleans bools, objects maps.</summary>
    Json,
    /// <summary>Windows event semantics: everything is text as the XML would hold it (numbers in the exporter's text form).</summary>
    Text,
    /// <summary>Like <see cref="Text"/>, but a nested object or array is not a value (an EventData item without text, §5.2).</summary>
    TextScalarOnly,
    /// <summary>Event-data fields of flat exports: scalars as text, a nested object or array as its JSON text.</summary>
    FlatText,
}

/// <summary>
/// A reusable lookup over the members of one JSON object (or the Name/text items of an EventData list).
/// Formulas read the same event ~30 times, so a linear TryGetProperty per read is wasteful; decoding
/// every name into a Dictionary&lt;string,…&gt; allocates per event. This keeps a hash of each member's raw
/// UTF-8 name in an int array (a vectorized IndexOf finds candidates), verifies candidates with the
/// allocation-free NameEquals/ValueEquals, and caches each converted value so repeated reads are free.
/// Owned by one <see cref="RawEvent"/> and cleared when it is recycled.
/// Members come from a parsed JsonDocument, or (flat Windows exports, see <see cref="FlatJsonScanner"/>) are
/// byte ranges of the event's own buffer: then there are no elements, and values are read through the
/// kind/text accessors below, which work for both.
/// </summary>
internal sealed class Utf8KeyIndex
{
    private enum KeyKind : byte { Property, NameValue, Position, Span }

    private struct Entry
    {
        public JsonProperty Property;
        public JsonElement Name;
        public JsonElement Value;
        public Value Cached;
        public int Position;
        public int NameStart, NameLength, ValueStart, ValueLength; // Span: ranges of _buffer (name unescaped, value raw)
        public JsonValueKind SpanKind;
        public KeyKind Kind;
        public bool IsCached;
    }

    private int[] _hashes = new int[16];
    private Entry[] _entries = new Entry[16];
    private int _count;
    private byte[]? _buffer;

    public int Count => _count;

    public void Clear()
    {
        Array.Clear(_entries, 0, _count); // drop document references so pooled events do not pin old documents
        _count = 0;
        _buffer = null;
    }

    /// <summary>Members added with <see cref="AddSpan"/> are ranges of <paramref name="buffer"/>.</summary>
    public void UseBuffer(byte[] buffer) => _buffer = buffer;

    /// <summary>A member scanned from the buffer: name without quotes or escapes, value as written (strings with their quotes).</summary>
    public void AddSpan(int nameStart, int nameLength, int valueStart, int valueLength, JsonValueKind kind)
    {
        ref var e = ref Append(Hash(_buffer.AsSpan(nameStart, nameLength)));
        e.Kind = KeyKind.Span;
        e.NameStart = nameStart;
        e.NameLength = nameLength;
        e.ValueStart = valueStart;
        e.ValueLength = valueLength;
        e.SpanKind = kind;
    }

    private ReadOnlySpan<byte> SpanName(in Entry e) => _buffer.AsSpan(e.NameStart, e.NameLength);
    private ReadOnlySpan<byte> SpanValue(in Entry e) => _buffer.AsSpan(e.ValueStart, e.ValueLength);

    /// <summary>The kind of the value at <paramref name="i"/>.</summary>
    public JsonValueKind KindAt(int i)
    {
        ref var e = ref _entries[i];
        return e.Kind == KeyKind.Span ? e.SpanKind : e.Value.ValueKind;
    }

    /// <summary>The value at <paramref name="i"/> as JSON text (strings with their quotes).</summary>
    public ReadOnlySpan<byte> RawValueAt(int i)
    {
        ref var e = ref _entries[i];
        if (e.Kind == KeyKind.Span) return SpanValue(e);
        return e.Value.ValueKind == JsonValueKind.Undefined ? default : JsonMarshal.GetRawUtf8Value(e.Value);
    }

    /// <summary>The text an exporter wrote for a scalar (strings unquoted, numbers as written, booleans); null otherwise.</summary>
    public string? ScalarTextAt(int i) => JsonValues.ScalarText(KindAt(i), RawValueAt(i));

    /// <summary>Like <see cref="ScalarTextAt"/>, interned (index keys: event id, channel, provider).</summary>
    public string? InternedTextAt(int i) => NameTable.Text(KindAt(i), RawValueAt(i));

    public void AddObject(JsonElement obj)
    {
        foreach (var p in obj.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(p);
            int h = raw.IndexOf((byte)'\\') < 0 ? Hash(raw) : Hash(p.Name);
            ref var e = ref Append(h);
            e.Kind = KeyKind.Property;
            e.Property = p;
            e.Value = p.Value;
        }
    }

    /// <summary>An item keyed by a JSON string value (<c>{"Name":"TargetLogonId","text":…}</c>).</summary>
    public void AddNamed(JsonElement name, JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(name);
        raw = raw[1..^1]; // the quotes
        int h = raw.IndexOf((byte)'\\') < 0 ? Hash(raw) : Hash(name.GetString()!);
        ref var e = ref Append(h);
        e.Kind = KeyKind.NameValue;
        e.Name = name;
        e.Value = value;
    }

    /// <summary>An unnamed item, addressed by its position as a decimal key ("0", "1", …).</summary>
    public void AddPositional(int position, JsonElement value)
    {
        Span<byte> digits = stackalloc byte[11];
        position.TryFormat(digits, out int n, default, CultureInfo.InvariantCulture);
        ref var e = ref Append(Hash(digits[..n]));
        e.Kind = KeyKind.Position;
        e.Position = position;
        e.Value = value;
    }

    private ref Entry Append(int hash)
    {
        if (_count == _hashes.Length)
        {
            Array.Resize(ref _hashes, _count * 2);
            Array.Resize(ref _entries, _count * 2);
        }
        _hashes[_count] = hash;
        ref var e = ref _entries[_count++];
        e = default;
        return ref e;
    }

    /// <summary>Index of the member named <paramref name="key"/> (the last one when names repeat), or -1.</summary>
    public int Find(string key) => Find(key, Hash(key));

    /// <summary><see cref="Find(string)"/> with the key's <see cref="Hash(string)"/> computed beforehand.</summary>
    public int Find(string key, int h)
    {
        var hashes = _hashes.AsSpan(0, _count);
        int i = hashes.LastIndexOf(h);
        while (i >= 0)
        {
            if (NameEquals(i, key)) return i;
            i = hashes[..i].LastIndexOf(h);
        }
        return -1;
    }

    private bool NameEquals(int i, string key)
    {
        ref var e = ref _entries[i];
        switch (e.Kind)
        {
            case KeyKind.Property: return e.Property.NameEquals(key);
            case KeyKind.NameValue: return e.Name.ValueEquals(key);
            case KeyKind.Span: return Utf8Equals(SpanName(e), key);
            default:
                Span<char> digits = stackalloc char[11];
                e.Position.TryFormat(digits, out int n, default, CultureInfo.InvariantCulture);
                return key.AsSpan().SequenceEqual(digits[..n]);
        }
    }

    private static bool Utf8Equals(ReadOnlySpan<byte> utf8, string key)
    {
        if (utf8.Length == key.Length && Ascii.Equals(utf8, key)) return true;
        if (Ascii.IsValid(utf8)) return false; // an ASCII name equals only the same ASCII text
        if (Encoding.UTF8.GetMaxByteCount(key.Length) > 512) return utf8.SequenceEqual(Encoding.UTF8.GetBytes(key));
        Span<byte> buf = stackalloc byte[512];
        return utf8.SequenceEqual(buf[..Encoding.UTF8.GetBytes(key, buf)]);
    }

    /// <summary>The member's element; only for members of a parsed document (not <see cref="AddSpan"/> ones).</summary>
    public JsonElement ElementAt(int i) => _entries[i].Value;

    /// <summary>The member name, shared across events through <see cref="NameTable"/> (no per-event string).</summary>
    public string InternedNameAt(int i)
    {
        ref var e = ref _entries[i];
        return e.Kind switch
        {
            KeyKind.Property => NameTable.Get(e.Property),
            KeyKind.NameValue => NameTable.Get(e.Name) ?? string.Empty,
            KeyKind.Span => NameTable.Get(SpanName(e)),
            _ => e.Position.ToString(CultureInfo.InvariantCulture),
        };
    }

    public string NameAt(int i)
    {
        ref var e = ref _entries[i];
        return e.Kind switch
        {
            KeyKind.Property => e.Property.Name,
            KeyKind.NameValue => e.Name.GetString()!,
            KeyKind.Span => Encoding.UTF8.GetString(SpanName(e)),
            _ => e.Position.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The converted value at <paramref name="i"/>, computed once per event.</summary>
    public Value ValueAt(int i, ValueMode mode)
    {
        ref var e = ref _entries[i];
        if (!e.IsCached)
        {
            e.Cached = e.Kind == KeyKind.Span ? JsonValues.Convert(e.SpanKind, SpanValue(e), mode) : JsonValues.Convert(e.Value, mode);
            e.IsCached = true;
        }
        return e.Cached;
    }

    public Value Get(string key, ValueMode mode)
    {
        int i = Find(key);
        return i < 0 ? Value.Null : ValueAt(i, mode);
    }

    // FNV-1a over the UTF-8 bytes of the unescaped name: cheap for the short names events use,
    // and computable identically from a raw JSON name and from a C# string.
    internal static int Hash(ReadOnlySpan<byte> utf8)
    {
        uint h = 2166136261;
        foreach (byte b in utf8) h = (h ^ b) * 16777619;
        return (int)h;
    }

    internal static int Hash(string s)
    {
        uint h = 2166136261;
        foreach (char c in s)
        {
            if (c >= 0x80) return HashNonAscii(s);
            h = (h ^ c) * 16777619;
        }
        return (int)h;
    }

    private static int HashNonAscii(string s)
    {
        int max = Encoding.UTF8.GetMaxByteCount(s.Length);
        if (max <= 512)
        {
            Span<byte> buf = stackalloc byte[max];
            return Hash(buf[..Encoding.UTF8.GetBytes(s, buf)]);
        }
        return Hash(Encoding.UTF8.GetBytes(s));
    }
}
