using System.Text.Json;

namespace Vigil.Events;

/// <summary>Normalized events as JSON objects with dotted field names, the format of the corpus tests and of Vigil's output.</summary>
public static class EventJson
{
    public static void Write(Utf8JsonWriter w, NormalizedEvent e)
    {
        var names = Names(e.Taxonomy);
        w.WriteStartObject();
        foreach (var id in e)
        {
            if (names[id.Value] is { } name) w.WritePropertyName(name);
            else w.WritePropertyName(e.Taxonomy[id].Name);
            WriteValue(w, e[id]);
        }
        w.WriteEndObject();
    }

    // Field names encoded to JSON once per taxonomy, not transcoded and checked for escapes on every event. Only
    // names that no encoder escapes (letters, digits, '_', '.', '-') are cached, so the output is the same with any.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Taxonomy, JsonEncodedText?[]> s_names = new();

    private static JsonEncodedText?[] Names(Taxonomy t) => s_names.GetValue(t, static t =>
    {
        var names = new JsonEncodedText?[t.Count];
        for (int i = 0; i < names.Length; i++)
        {
            string name = t[new FieldId(i)].Name;
            if (name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')) names[i] = JsonEncodedText.Encode(name);
        }
        return names;
    });

    public static void WriteValue(Utf8JsonWriter w, Value v)
    {
        switch (v.Kind)
        {
            case ValueKind.Null: w.WriteNullValue(); break;
            case ValueKind.Number: w.WriteNumberValue(v.AsNumber); break;
            case ValueKind.Double: w.WriteNumberValue(v.AsDouble); break;
            case ValueKind.Bool: w.WriteBooleanValue(v.AsBool); break;
            case ValueKind.List:
                w.WriteStartArray();
                foreach (var item in v.AsList) WriteValue(w, item);
                w.WriteEndArray();
                break;
            case ValueKind.Map:
                {
                    var map = v.AsMap;
                    if (map.Text is { } text) { w.WriteStringValue(text); break; }
                    w.WriteStartObject();
                    foreach (var (k, item) in map.Entries)
                    {
                        w.WritePropertyName(k);
                        WriteValue(w, item);
                    }
                    w.WriteEndObject();
                    break;
                }
            case ValueKind.Bytes: w.WriteBase64StringValue(v.AsBytes); break;
            case ValueKind.DateTime or ValueKind.Ip:
                {
                    // Times and addresses are formatted on the stack instead of into a string per event.
                    Span<char> text = stackalloc char[64];
                    if (v.TryFormatText(text, out int n)) w.WriteStringValue(text[..n]);
                    else w.WriteStringValue(v.ToText());
                    break;
                }
            default: w.WriteStringValue(v.ToText()); break;
        }
    }

    public static string ToJson(NormalizedEvent e)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(w, e);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Converts a JSON value into a runtime value (objects become maps, arrays lists).</summary>
    public static Value FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => Value.String(e.GetString()),
        JsonValueKind.Number => e.TryGetInt64(out long n) ? Value.Number(n) : Value.Double(e.GetDouble()),
        JsonValueKind.True => Value.True,
        JsonValueKind.False => Value.False,
        JsonValueKind.Object => Value.Map(new JsonValueMap(e)),
        JsonValueKind.Array => Value.List(new JsonValueList(e)),
        _ => Value.Null,
    };

    /// <summary>
    /// Reads a normalized event from a JSON object with dotted names. Fields outside the taxonomy are
    /// returned in <paramref name="unknown"/> (they cannot be stored in a typed slot).
    /// </summary>
    public static NormalizedEvent Read(JsonElement obj, Taxonomy taxonomy, List<string>? unknown = null)
    {
        var e = new NormalizedEvent(taxonomy);
        ReadInto(obj, e, unknown);
        return e;
    }

    public static void ReadInto(JsonElement obj, NormalizedEvent e, List<string>? unknown = null)
    {
        foreach (var p in obj.EnumerateObject())
        {
            if (!e.Taxonomy.TryGetField(p.Name, out var f)) { unknown?.Add(p.Name); continue; }
            e.Set(f.Id, FromJson(p.Value));
        }
    }
}

/// <summary>A JSON object seen as a map; members are converted on access.</summary>
public sealed class JsonValueMap(JsonElement element) : IValueMap
{
    public JsonElement Element { get; } = element;

    public Value Get(string key) => Element.TryGetProperty(key, out var v) ? EventJson.FromJson(v) : Value.Null;

    public string? Text => null;

    public IEnumerable<KeyValuePair<string, Value>> Entries =>
        Element.EnumerateObject().Select(p => new KeyValuePair<string, Value>(p.Name, EventJson.FromJson(p.Value)));
}

/// <summary>A JSON array seen as a list; items are converted on access.</summary>
public sealed class JsonValueList(JsonElement element) : IReadOnlyList<Value>
{
    public Value this[int index] => index >= 0 && index < Count ? EventJson.FromJson(element[index]) : Value.Null;
    public int Count { get; } = element.GetArrayLength();

    public IEnumerator<Value> GetEnumerator()
    {
        foreach (var item in element.EnumerateArray()) yield return EventJson.FromJson(item);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
