namespace Vigil.Normalization.Inputs;

/// <summary>
/// The input format a raw event offers to normalization formulas; matches the formula headers
/// (normalization.md §2.1): <c>TEXT</c>, <c>JSON</c>, <c>EVENTLOG</c>, <c>XML</c>.
/// </summary>
public enum InputFormat : byte
{
    Text,
    Json,
    EventLog,
    Xml,
}

/// <summary>Which physical shape an EVENTLOG event arrived in; every shape yields the same view (§5.2, datasets.md).</summary>
public enum EventLogShape : byte
{
    /// <summary>Not an EVENTLOG event.</summary>
    None,
    /// <summary><c>{"Event":{"System":…,"EventData":…}}</c> — the corpus test shape.</summary>
    Native,
    /// <summary>Windows event XML (<c>&lt;Event xmlns=…&gt;&lt;System&gt;…</c>), converted to the native JSON shape.</summary>
    Xml,
    /// <summary>nxlog <c>im_msvistalog</c> flat JSON (<c>SourceModuleType</c> present).</summary>
    Nxlog,
    /// <summary>Flat export with <c>TimeCreated</c> and no <c>SourceModuleType</c>.</summary>
    FlatExport,
    /// <summary>Winlogbeat 6.x (<c>event_data</c> / <c>user_data</c> objects, snake_case system fields).</summary>
    Winlogbeat,
}

/// <summary>How a byte stream is cut into raw events.</summary>
public enum Framing : byte
{
    /// <summary>Whole file for test inputs named <c>raw_N.txt</c>, JSON lines for everything else.</summary>
    Auto,
    /// <summary>One event per line (LF or CRLF); the usual JSON-lines framing.</summary>
    Lines,
    /// <summary>The whole file or member is one event (pretty-printed JSON, multi-line text).</summary>
    Whole,
}
