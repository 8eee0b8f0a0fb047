using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Vigil.Events;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// The EVENTLOG view over flat Windows exports (nxlog, flat TimeCreated export, Winlogbeat 6.x): the same
/// keys as <see cref="NativeEventView"/>, synthesized from the exporter's field names (datasets.md).
/// System values are text as Windows writes them: EventID "4624", Keywords "0x8020000000000000"; Data values
/// keep the text the exporter wrote (logon ids stay "0x…"). Reads the top-level index the parser already
/// built; every synthesized value is computed on first read and cached for the event.
/// </summary>
internal sealed class FlatEventView : IValueMap
{
    private enum Slot { EventId, Version, Level, Task, Opcode, Keywords, RecordId, Channel, Computer, TimeCreated, Provider, Execution, Correlation, Security, EventData, UserData, Count }

    private static readonly string[] TopKeys =
        ["EventID", "Version", "Level", "Task", "Opcode", "Keywords", "TimeCreated", "EventRecordID", "Correlation",
         "Execution", "Channel", "Computer", "Security", "Provider", "EventData", "Data", "UserData"];

    private FlatEventSchema _schema = FlatEventSchema.Nxlog;
    private Utf8KeyIndex _top = new();
    private readonly Utf8KeyIndex _eventData = new();
    private readonly IndexedMap _data = new();
    private readonly Value[] _slots = new Value[(int)Slot.Count];
    private readonly bool[] _done = new bool[(int)Slot.Count];
    private readonly SmallMap _provider = new(), _time = new(), _execution = new(), _correlation = new(), _security = new();

    public EventLogShape Shape => _schema.Shape;

    public void Reset(FlatEventSchema schema, Utf8KeyIndex top)
    {
        _schema = schema;
        _top = top;
        Array.Clear(_slots);
        Array.Clear(_done);
        _provider.Clear();
        _time.Clear();
        _execution.Clear();
        _correlation.Clear();
        _security.Clear();
        _eventData.Clear();
        if (schema.DataObject is { } dataKey)
        {
            var obj = Element(dataKey);
            if (obj.ValueKind == JsonValueKind.Object) _eventData.AddObject(obj);
            _data.Reset(_eventData, ValueMode.FlatText);
        }
        else
        {
            var hidden = schema.SystemKeys;
            if (schema == FlatEventSchema.Nxlog && top.Find("EventTypeOrignal") >= 0) hidden = FlatEventSchema.NxlogKeepsEventType;
            _data.Reset(top, ValueMode.FlatText, hidden);
        }
    }

    public Value Get(string key) => key switch
    {
        "EventID" => Cached(Slot.EventId),
        "Computer" => Cached(Slot.Computer),
        "Channel" => Cached(Slot.Channel),
        "Data" => Value.Map(_data),
        "Provider" => Cached(Slot.Provider),
        "TimeCreated" => Cached(Slot.TimeCreated),
        "Keywords" => Cached(Slot.Keywords),
        "EventRecordID" => Cached(Slot.RecordId),
        "Version" => Cached(Slot.Version),
        "Level" => Cached(Slot.Level),
        "Task" => Cached(Slot.Task),
        "Opcode" => Cached(Slot.Opcode),
        "Execution" => Cached(Slot.Execution),
        "Correlation" => Cached(Slot.Correlation),
        "Security" => Cached(Slot.Security),
        "EventData" => Cached(Slot.EventData),
        "UserData" => Cached(Slot.UserData),
        _ => Value.Null,
    };

    public string? EventIdText => TextOf(_schema.EventId);
    public string? ChannelText => TextOf(_schema.Channel);
    public string? ProviderNameText => TextOf(_schema.ProviderName);

    private string? TextOf(string key)
    {
        int i = _top.Find(key);
        return i < 0 ? null : _top.InternedTextAt(i);
    }

    /// <summary>A top-level member's element: only for Winlogbeat's nested objects (its records are parsed as documents).</summary>
    private JsonElement Element(string? key)
    {
        if (key is null) return default;
        int i = _top.Find(key);
        return i < 0 ? default : _top.ElementAt(i);
    }

    private Value Cached(Slot slot)
    {
        int s = (int)slot;
        if (!_done[s])
        {
            _slots[s] = Compute(slot);
            _done[s] = true;
        }
        return _slots[s];
    }

    private Value Compute(Slot slot)
    {
        var sc = _schema;
        switch (slot)
        {
            case Slot.EventId: return Value.String(TextOf(sc.EventId));
            case Slot.Channel: return Value.String(TextOf(sc.Channel));
            case Slot.Computer: return TextValue(sc.Computer);
            case Slot.Version: return TextValue(sc.Version);
            case Slot.Level: return TextValue(sc.Level);
            case Slot.Task: return TextValue(sc.Task);
            case Slot.Opcode: return TextValue(sc.Opcode);
            case Slot.RecordId: return TextValue(sc.RecordId);
            case Slot.Keywords: return Keywords(sc.Keywords);
            case Slot.TimeCreated:
                foreach (var key in sc.Times)
                {
                    var t = SystemTime(ScalarText(key));
                    if (!t.IsNull)
                    {
                        _time.Add("SystemTime", t);
                        return Value.Map(_time);
                    }
                }
                return Value.Null;
            case Slot.Provider:
                _provider.Add("Name", Value.String(TextOf(sc.ProviderName)));
                _provider.Add("Guid", TextValue(sc.ProviderGuid));
                return _provider.IsEmpty ? Value.Null : Value.Map(_provider);
            case Slot.Execution:
                _execution.Add("ProcessID", TextValue(sc.ProcessId));
                _execution.Add("ThreadID", TextValue(sc.ThreadId));
                return _execution.IsEmpty ? Value.Null : Value.Map(_execution);
            case Slot.Correlation:
                _correlation.Add("ActivityID", TextValue(sc.ActivityId));
                _correlation.Add("RelatedActivityID", TextValue(sc.RelatedActivityId));
                return _correlation.IsEmpty ? Value.Null : Value.Map(_correlation);
            case Slot.Security:
                var user = sc.UserObject is null ? ScalarText(sc.UserId) : JsonValues.ScalarText(Member(Element(sc.UserObject), sc.UserId));
                _security.Add("UserID", Value.String(user));
                return _security.IsEmpty ? Value.Null : Value.Map(_security);
            case Slot.UserData:
                var ud = Element(sc.UserDataObject);
                return ud.ValueKind == JsonValueKind.Object ? Value.Map(new JsonElementMap(ud, ValueMode.Text)) : Value.Null;
            case Slot.EventData:
                return SynthesizedEventData();
            default:
                return Value.Null;
        }
    }

    private static JsonElement Member(JsonElement obj, string? key) =>
        key is not null && obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(key, out var v) ? v : default;

    private Value TextValue(string? key) => Value.String(ScalarText(key));

    private string? ScalarText(string? key)
    {
        int i = key is null ? -1 : _top.Find(key);
        return i < 0 ? null : _top.ScalarTextAt(i);
    }

    /// <summary>
    /// Windows writes Keywords as "0x" + lower-case hex without padding ("0x8020000000000000", "0xa0000000000000").
    /// nxlog gives the same 64 bits as a signed number; Winlogbeat 6 only names the audit bits
    /// ("Audit Success"/"Audit Failure"), which is what formulas compare Keywords against.
    /// </summary>
    private Value Keywords(string? key)
    {
        int i = key is null ? -1 : _top.Find(key);
        if (i < 0) return Value.Null;
        switch (_top.KindAt(i))
        {
            case JsonValueKind.String:
                return Value.String(_top.ScalarTextAt(i));
            case JsonValueKind.Number:
                var raw = _top.RawValueAt(i);
                if (Utf8Parser.TryParse(raw, out long signed, out int used) && used == raw.Length) return Value.String(Hex((ulong)signed));
                if (Utf8Parser.TryParse(raw, out ulong unsigned, out used) && used == raw.Length) return Value.String(Hex(unsigned));
                return Value.String(_top.ScalarTextAt(i));
            case JsonValueKind.Array:
                var reader = new Utf8JsonReader(_top.RawValueAt(i));
                while (reader.Read())
                {
                    if (reader.TokenType != JsonTokenType.String || reader.CurrentDepth != 1) continue;
                    if (reader.ValueTextEquals("Audit Success")) return Value.String("0x8020000000000000");
                    if (reader.ValueTextEquals("Audit Failure")) return Value.String("0x8010000000000000");
                }
                return Value.Null;
            default:
                return Value.Null;
        }
    }

    // Keywords repeat on every event of a kind: the formatted text comes back from the recent-string cache.
    private static string Hex(ulong bits)
    {
        Span<byte> buf = stackalloc byte[18];
        "0x"u8.CopyTo(buf);
        bits.TryFormat(buf[2..], out int n, "x", CultureInfo.InvariantCulture);
        return RecentStrings.Get(buf[..(n + 2)]);
    }

    /// <summary>SystemTime is always UTC ISO-8601; a zone-less or offset time is converted, a "…Z" text kept as written.</summary>
    private static Value SystemTime(string? text)
    {
        if (string.IsNullOrEmpty(text)) return Value.Null;
        if (text.EndsWith('Z') && text.Contains('T')) return Value.String(text);
        return TimeParser.TryParse(text, out long ticks) ? Value.String(Value.FormatTime(ticks)) : Value.String(text);
    }

    // Rarely read: built only on request, as the native shape would hold it (Data = list of {Name, text}).
    private Value SynthesizedEventData()
    {
        var items = new List<Value>();
        foreach (var (name, value) in _data.Entries)
        {
            var item = new DictionaryValueMap(2);
            item.Set("Name", Value.String(name));
            item.Set("text", value);
            items.Add(Value.Map(item));
        }
        var eventData = new DictionaryValueMap(1);
        eventData.Set("Data", Value.List(items));
        return Value.Map(eventData);
    }

    public string? Text => null;

    public IEnumerable<KeyValuePair<string, Value>> Entries
    {
        get
        {
            foreach (var key in TopKeys)
            {
                var v = Get(key);
                if (!v.IsNull) yield return new(key, v);
            }
        }
    }
}
