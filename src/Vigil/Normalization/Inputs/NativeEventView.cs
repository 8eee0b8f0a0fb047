using System.Text.Json;
using Vigil.Events;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// The EVENTLOG view (normalization.md §5.2) over the native shape <c>{"Event":{"System":…,"EventData":…}}</c>
/// (also what Windows event XML is converted to): each child of Event.System is a top-level key, <c>Data</c>
/// maps EventData's Name/text items, <c>EventData</c> and <c>UserData</c> are exposed as they are, and other
/// children of Event (RenderingInfo …) are reachable by name. Scalars are text, as in the XML.
/// Indexes are built on first use, so an event whose formula reads only $EventID never indexes its Data.
/// </summary>
internal sealed class NativeEventView : IValueMap
{
    private static readonly string[] Structured = ["EventData", "Data", "UserData"];

    private JsonElement _event;
    private readonly Utf8KeyIndex _system = new();
    private bool _systemBuilt;
    private readonly Utf8KeyIndex _data = new();
    private readonly IndexedMap _dataMap = new();
    private bool _dataBuilt;
    private Value _dataValue;

    public void Reset(JsonElement evt)
    {
        _event = evt;
        _system.Clear();
        _systemBuilt = false;
        _data.Clear();
        _dataMap.Reset(null, ValueMode.TextScalarOnly);
        _dataBuilt = false;
        _dataValue = Value.Null;
    }

    public Value Get(string key)
    {
        switch (key)
        {
            case "Data":
                return Data();
            case "EventData":
            case "UserData":
                return EventChild(key);
        }
        EnsureSystem();
        int i = _system.Find(key);
        if (i >= 0) return _system.ValueAt(i, ValueMode.Text);
        return EventChild(key);
    }

    private Value EventChild(string key) =>
        _event.ValueKind == JsonValueKind.Object && _event.TryGetProperty(key, out var v)
            ? JsonValues.Convert(v, ValueMode.Text)
            : Value.Null;

    private void EnsureSystem()
    {
        if (_systemBuilt) return;
        _systemBuilt = true;
        if (_event.ValueKind == JsonValueKind.Object && _event.TryGetProperty("System", out var sys) && sys.ValueKind == JsonValueKind.Object)
            _system.AddObject(sys);
    }

    /// <summary>Index text of a System child: <c>EventID</c> (its "text" when it carries Qualifiers), <c>Channel</c>.</summary>
    public string? SystemText(string key)
    {
        EnsureSystem();
        int i = _system.Find(key);
        if (i < 0) return null;
        var e = _system.ElementAt(i);
        if (e.ValueKind == JsonValueKind.Object)
            return e.TryGetProperty("text", out var t) ? NameTable.Text(t) : null;
        return NameTable.Text(e);
    }

    public string? ProviderName()
    {
        EnsureSystem();
        int i = _system.Find("Provider");
        if (i < 0) return null;
        var p = _system.ElementAt(i);
        return p.ValueKind == JsonValueKind.Object && p.TryGetProperty("Name", out var n) ? NameTable.Text(n) : null;
    }

    private Value Data()
    {
        if (_dataBuilt) return _dataValue;
        _dataBuilt = true;
        if (_event.ValueKind != JsonValueKind.Object
            || !_event.TryGetProperty("EventData", out var eventData) || eventData.ValueKind != JsonValueKind.Object
            || !eventData.TryGetProperty("Data", out var data))
            return _dataValue = Value.Null;

        switch (data.ValueKind)
        {
            case JsonValueKind.Array:
                if (HasNamedItem(data))
                {
                    int pos = 0;
                    foreach (var item in data.EnumerateArray())
                        AddItem(item, pos++);
                    return _dataValue = MapValue();
                }
                return _dataValue = Value.List(UnnamedList(data));
            case JsonValueKind.Object:
                // A single <Data> element comes out of XML converters as an object: a one-element list.
                if (IsNamed(data, out _))
                {
                    AddItem(data, 0);
                    return _dataValue = MapValue();
                }
                return _dataValue = Value.List([ItemText(data)]);
            case JsonValueKind.String:
            case JsonValueKind.Number:
                return _dataValue = Value.List([ItemText(data)]);
            default:
                return _dataValue = Value.Null;
        }
    }

    private Value MapValue()
    {
        _dataMap.Reset(_data, ValueMode.TextScalarOnly);
        return Value.Map(_dataMap);
    }

    private void AddItem(JsonElement item, int position)
    {
        if (IsNamed(item, out var name))
        {
            // An item without "text" is an empty <Data Name="…"/>: present, value null.
            _data.AddNamed(name, item.TryGetProperty("text", out var text) ? text : default);
            return;
        }
        if (item.ValueKind == JsonValueKind.Object)
            _data.AddPositional(position, item.TryGetProperty("text", out var text) ? text : default);
        else
            _data.AddPositional(position, item);
    }

    private static bool IsNamed(JsonElement item, out JsonElement name)
    {
        name = default;
        return item.ValueKind == JsonValueKind.Object && item.TryGetProperty("Name", out name) && name.ValueKind == JsonValueKind.String;
    }

    private static bool HasNamedItem(JsonElement array)
    {
        foreach (var item in array.EnumerateArray())
            if (IsNamed(item, out _)) return true;
        return false;
    }

    // Unnamed data ("Data":["01566S-WIN16-IR","%%5"], event 5805) is addressed by position: $Data[0].
    private static Value[] UnnamedList(JsonElement array)
    {
        var items = new Value[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray()) items[i++] = ItemText(item);
        return items;
    }

    private static Value ItemText(JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.Object)
            return item.TryGetProperty("text", out var t) ? JsonValues.Convert(t, ValueMode.TextScalarOnly) : Value.Null;
        return JsonValues.Convert(item, ValueMode.TextScalarOnly);
    }

    public string? Text => null;

    public IEnumerable<KeyValuePair<string, Value>> Entries
    {
        get
        {
            EnsureSystem();
            for (int i = 0; i < _system.Count; i++)
                yield return new(_system.InternedNameAt(i), _system.ValueAt(i, ValueMode.Text));
            foreach (var name in Structured)
            {
                var v = Get(name);
                if (!v.IsNull) yield return new(name, v);
            }
        }
    }
}
