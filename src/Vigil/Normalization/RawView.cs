using Vigil.Events;

namespace Vigil.Normalization;

/// <summary>The structure a raw event offers to formulas.</summary>
public enum RawShape : byte { Text, Json, EventLog, Xml }

/// <summary>
/// What the normalizer needs to know of one raw event: its shape, the structured root formulas read as
/// <c>$variables</c>, its text (for TEXT formulas; produced lazily for structured events), and the index key
/// of Windows events. Inputs build it; the normalizer never parses bytes itself.
/// </summary>
public interface IRawView
{
    RawShape Shape { get; }
    IValueMap? Root { get; }
    /// <summary>The raw text: the line itself for text input; the event text for structured input (may allocate).</summary>
    string? Text { get; }
    /// <summary>EventID of a Windows event as text, for the formula index; null otherwise.</summary>
    string? EventId { get; }
    /// <summary>The collection envelope (recv_ipv4, recv_time, tag …) when the event came in one.</summary>
    IValueMap? EnvelopeFields { get; }
}

/// <summary>A raw view over plain text.</summary>
public sealed class TextRawView(string text) : IRawView
{
    public RawShape Shape => RawShape.Text;
    public IValueMap? Root => null;
    public string? Text { get; } = text;
    public string? EventId => null;
    public IValueMap? EnvelopeFields => null;
}

/// <summary>A raw view over an already-built structure (tests, adapters).</summary>
public sealed class StructuredRawView(RawShape shape, IValueMap root, string? text, string? eventId = null, IValueMap? envelope = null) : IRawView
{
    public IValueMap? EnvelopeFields { get; } = envelope;
    public RawShape Shape { get; } = shape;
    public IValueMap? Root { get; } = root;
    public string? Text { get; } = text;
    public string? EventId { get; } = eventId;
}
