using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// Windows event XML (<c>&lt;Event xmlns=…&gt;&lt;System&gt;…&lt;EventData&gt;&lt;Data Name="…"&gt;…</c>) is converted
/// to the native JSON shape the corpus uses, the way the XP tooling does it (vscode-xp enveloper: attributes
/// become keys, element text goes under "text", repeated children become arrays), so that one view serves
/// both. Other XML is only checked for well-formedness and depth. XML events are rare next to JSON lines,
/// so this path favours simplicity (LINQ to XML) over allocation-free parsing.
/// </summary>
internal static class WindowsEventXml
{
    public enum Outcome : byte { WindowsEvent, OtherXml, Invalid, TooDeep }

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, // no entity expansion, no external fetches from untrusted input
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private static readonly JsonWriterOptions WriterOptions = new();

    /// <summary>
    /// Checks <paramref name="xml"/>; for a Windows event writes <c>{"Event":{…}}</c> to <paramref name="json"/>.
    /// <paramref name="rootName"/> is the root element's local name when the XML is well-formed.
    /// </summary>
    public static Outcome Convert(string xml, int maxDepth, PooledBufferWriter json, out string? rootName, out string? error)
    {
        rootName = null;
        error = null;
        bool windows;
        // Pass 1 streams the document: well-formedness, depth (LINQ to XML and the converter would otherwise
        // follow 100,000 nested elements) and whether it is <Event> with a <System> child.
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Settings);
            windows = Scan(reader, maxDepth, out rootName, out bool tooDeep);
            if (tooDeep)
            {
                error = $"XML nesting deeper than {maxDepth}";
                return Outcome.TooDeep;
            }
        }
        catch (XmlException e)
        {
            error = $"invalid XML at line {e.LineNumber}, position {e.LinePosition}: {FirstSentence(e.Message)}";
            return Outcome.Invalid;
        }
        if (!windows) return Outcome.OtherXml;

        XDocument doc;
        using (var reader = XmlReader.Create(new StringReader(xml), Settings))
            doc = XDocument.Load(reader, LoadOptions.PreserveWhitespace);
        json.Clear();
        using var w = new Utf8JsonWriter(json, WriterOptions);
        w.WriteStartObject();
        w.WritePropertyName("Event");
        WriteElement(w, doc.Root!);
        w.WriteEndObject();
        w.Flush();
        return Outcome.WindowsEvent;
    }

    private static bool Scan(XmlReader reader, int maxDepth, out string? rootName, out bool tooDeep)
    {
        rootName = null;
        tooDeep = false;
        bool isEvent = false, hasSystem = false;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.Depth >= maxDepth)
            {
                tooDeep = true;
                return false;
            }
            if (reader.Depth == 0)
            {
                rootName = reader.LocalName;
                isEvent = rootName == "Event";
            }
            else if (reader.Depth == 1 && isEvent && reader.LocalName == "System")
                hasSystem = true;
        }
        return isEvent && hasSystem;
    }

    private static void WriteElement(Utf8JsonWriter w, XElement e)
    {
        bool hasChildren = e.HasElements;
        bool hasAttributes = false;
        foreach (var a in e.Attributes())
            if (KeyOf(a) is not null) { hasAttributes = true; break; }
        string text = DirectText(e);

        if (!hasChildren && !hasAttributes)
        {
            // <Security/> → null, <Level>4</Level> → "4"
            if (text.Length == 0) w.WriteNullValue();
            else w.WriteStringValue(text);
            return;
        }

        w.WriteStartObject();
        foreach (var a in e.Attributes())
        {
            if (KeyOf(a) is { } key) w.WriteString(key, a.Value);
        }
        if (hasChildren)
        {
            // Group children by name in order of first appearance; repeated names become arrays.
            var groups = new List<(string Name, List<XElement> Items)>();
            foreach (var child in e.Elements())
            {
                var name = child.Name.LocalName;
                int g = groups.FindIndex(x => x.Name == name);
                if (g < 0) groups.Add((name, [child]));
                else groups[g].Items.Add(child);
            }
            foreach (var (name, items) in groups)
            {
                w.WritePropertyName(name);
                if (items.Count == 1)
                    WriteElement(w, items[0]);
                else
                {
                    w.WriteStartArray();
                    foreach (var item in items) WriteElement(w, item);
                    w.WriteEndArray();
                }
            }
        }
        // Indentation between child elements is not content; a leaf's text is kept exactly ("Advapi  ").
        if (hasChildren ? !string.IsNullOrWhiteSpace(text) : text.Length > 0)
            w.WriteString("text", text);
        w.WriteEndObject();
    }

    /// <summary>JSON key of an attribute: its local name; the default namespace declaration is kept as "xmlns" like the corpus does, prefixed declarations dropped.</summary>
    private static string? KeyOf(XAttribute a)
    {
        if (!a.IsNamespaceDeclaration) return a.Name.LocalName;
        return a.Name.Namespace == XNamespace.None ? "xmlns" : null;
    }

    private static string DirectText(XElement e)
    {
        string? single = null;
        System.Text.StringBuilder? sb = null;
        foreach (var node in e.Nodes())
        {
            if (node is not XText t) continue;
            if (single is null) single = t.Value;
            else (sb ??= new System.Text.StringBuilder(single)).Append(t.Value);
        }
        return sb?.ToString() ?? single ?? string.Empty;
    }

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot < 0 ? message.TrimEnd('.') : message[..dot];
    }
}
