namespace Vigil.Events;

/// <summary>
/// A keyed structured value as rules see it: a JSON object, the EventData of a Windows event,
/// a keyvalue() result, an XML element. Missing keys read as null, never as an error.
/// Implementations over raw input are lazy: a value is decoded only when a rule asks for it.
/// </summary>
public interface IValueMap
{
    Value Get(string key);

    /// <summary>Text of the map when it is used as a scalar (XML element text); null for most maps.</summary>
    string? Text { get; }

    /// <summary>Entries in their natural order.</summary>
    IEnumerable<KeyValuePair<string, Value>> Entries { get; }
}

/// <summary>An ordinary map built by functions such as keyvalue().</summary>
public sealed class DictionaryValueMap : IValueMap
{
    private readonly Dictionary<string, Value> _items;
    private readonly List<string> _order;

    public DictionaryValueMap(int capacity = 8)
    {
        _items = new Dictionary<string, Value>(capacity, StringComparer.Ordinal);
        _order = new List<string>(capacity);
    }

    public void Set(string key, Value value)
    {
        if (!_items.ContainsKey(key)) _order.Add(key);
        _items[key] = value;
    }

    public int Count => _items.Count;
    public Value Get(string key) => _items.TryGetValue(key, out var v) ? v : Value.Null;
    public string? Text => null;

    public IEnumerable<KeyValuePair<string, Value>> Entries
    {
        get
        {
            foreach (var k in _order) yield return new(k, _items[k]);
        }
    }
}
