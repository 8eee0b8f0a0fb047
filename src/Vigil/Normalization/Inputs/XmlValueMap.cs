using System.Xml;
using System.Xml.Linq;
using Vigil.Events;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// XML as formulas read it (spec normalization §5.4): <c>$Root["Child"]</c> is the child elements named Child,
/// <c>[0]</c> picks one, <c>["!"]</c> is the text, <c>["@attr"]</c> an attribute; used as a value a set of elements
/// is the text of the first. Namespaces are ignored (local names match).
/// </summary>
public sealed class XmlElementsMap(IReadOnlyList<XElement> elements) : IValueMap
{
    public Value Get(string key)
    {
        if (elements.Count == 0) return Value.Null;
        if (key == "!") return Value.String(elements[0].Value);
        if (key.Length > 1 && key[0] == '@')
            return elements[0].Attributes().FirstOrDefault(a => a.Name.LocalName == key[1..]) is { } attr ? Value.String(attr.Value) : Value.Null;
        if (int.TryParse(key, out int i))
            return i >= 0 && i < elements.Count ? Value.Map(new XmlElementsMap([elements[i]])) : Value.Null;
        var children = elements.SelectMany(e => e.Elements()).Where(c => c.Name.LocalName == key).ToList();
        return children.Count == 0 ? Value.Null : Value.Map(new XmlElementsMap(children));
    }

    public string? Text => elements.Count == 0 ? null : elements[0].Value;

    public IEnumerable<KeyValuePair<string, Value>> Entries =>
        elements.Count == 0 ? [] : elements[0].Elements().Select(e => e.Name.LocalName).Distinct().Select(n => new KeyValuePair<string, Value>(n, Get(n)));
}

/// <summary>Parses XML text for XML formulas and subformulas; the root map's one key is the root element's local name.</summary>
public sealed class XmlParser : IXmlParser
{
    public static readonly XmlParser Instance = new();

    private static readonly XmlReaderSettings s_settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 64L * 1024 * 1024,
        IgnoreComments = true,
    };

    public IValueMap? Parse(string text)
    {
        try
        {
            // The declared encoding is ignored: the text is already decoded (4698 tasks say UTF-16 in UTF-8 events).
            using var reader = XmlReader.Create(new StringReader(text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n')), s_settings);
            var doc = XDocument.Load(reader);
            if (doc.Root is null) return null;
            var map = new DictionaryValueMap(1);
            map.Set(doc.Root.Name.LocalName, Value.Map(new XmlElementsMap([doc.Root])));
            return map;
        }
        catch (XmlException)
        {
            return null;
        }
    }
}
