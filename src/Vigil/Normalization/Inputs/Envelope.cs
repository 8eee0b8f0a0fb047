using System.Text.Json;
using Vigil.Events;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// The transport wrapper of a raw event (normalization.md §5.1, correlation.md §10.1):
/// <c>{"body":"…","mime":"application/x-pt-eventlog","recv_ipv4":…,"recv_time":…,"task_id":…,"tag":…,
/// "input_id":…,"uuid":…,"type":"raw","normalized":false}</c>, sometimes with normalized fields of a SIEM export.
/// Its fields are pipeline fields (for the appendix and output), not formula <c>$vars</c>. As a map it exposes
/// every member with JSON semantics. Valid only while its <see cref="RawEvent"/> is.
/// </summary>
public sealed class Envelope : IValueMap
{
    public const string EventLogMime = "application/x-pt-eventlog";
    public const string JsonMime = "application/json";
    public const string TextMime = "text/plain";
    public const string XmlMime = "text/xml";

    private Utf8KeyIndex _index = new();
    private string? _body;
    private bool _bodyRead;

    internal Utf8KeyIndex Index => _index;

    internal void Reset(Utf8KeyIndex index)
    {
        _index = index;
        _body = null;
        _bodyRead = false;
    }

    public string? Mime => Text("mime");
    public string? RecvIpv4 => Text("recv_ipv4");
    public string? RecvTime => Text("recv_time");
    public string? TaskId => Text("task_id");
    public string? Tag => Text("tag");
    public string? InputId => Text("input_id");
    public string? Uuid => Text("uuid");
    public string? Type => Text("type");

    public bool? Normalized
    {
        get
        {
            int i = _index.Find("normalized");
            if (i < 0) return null;
            var k = _index.ElementAt(i).ValueKind;
            return k == JsonValueKind.True ? true : k == JsonValueKind.False ? false : null;
        }
    }

    /// <summary>The body as text (decoded on first read; large bodies are better read through <see cref="RawEvent.Utf8"/>).</summary>
    public string? Body
    {
        get
        {
            if (!_bodyRead)
            {
                _bodyRead = true;
                int i = _index.Find("body");
                _body = i < 0 ? null : JsonValues.ScalarText(_index.ElementAt(i));
            }
            return _body;
        }
    }

    private string? Text(string key)
    {
        int i = _index.Find(key);
        return i < 0 ? null : NameTable.Text(_index.ElementAt(i));
    }

    public Value Get(string key) => _index.Get(key, ValueMode.Json);

    string? IValueMap.Text => null;

    public IEnumerable<KeyValuePair<string, Value>> Entries
    {
        get
        {
            for (int i = 0; i < _index.Count; i++)
                yield return new(_index.InternedNameAt(i), _index.ValueAt(i, ValueMode.Json));
        }
    }

    /// <summary>
    /// An object is an envelope when it has a string <c>body</c> and at least one other envelope member:
    /// "body" alone is too common a field name in ordinary JSON logs to unwrap on.
    /// </summary>
    internal static bool IsEnvelope(Utf8KeyIndex root)
    {
        int b = root.Find("body");
        if (b < 0 || root.ElementAt(b).ValueKind != JsonValueKind.String) return false;
        return root.Find("mime") >= 0 || root.Find("recv_time") >= 0 || root.Find("uuid") >= 0
            || root.Find("normalized") >= 0 || root.Find("task_id") >= 0 || root.Find("input_id") >= 0
            || root.Find("recv_ipv4") >= 0;
    }
}
