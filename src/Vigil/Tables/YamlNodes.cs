using System.Globalization;
using Vigil.Language.Text;
using YamlDotNet.RepresentationModel;

namespace Vigil.Tables;

/// <summary>Small readers over YamlDotNet's representation model, with positions for messages.</summary>
internal static class YamlNodes
{
    /// <summary>
    /// The node's range in the source. YamlDotNet's <c>Mark.Index</c> is a character offset into the text
    /// it was given (the BOM-free <see cref="SourceText.Text"/>). Collections often carry no end mark, so
    /// they get a one-character span at their start.
    /// </summary>
    public static TextSpan Span(YamlNode node)
    {
        int start = (int)Math.Min(node.Start.Index, int.MaxValue);
        int end = (int)Math.Min(node.End.Index, int.MaxValue);
        return end > start ? TextSpan.FromBounds(start, end) : new TextSpan(start, 1);
    }

    /// <summary>Plain <c>~</c>, <c>null</c> or nothing is YAML's null; quoted forms are text.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } s
        && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public static string? ScalarText(YamlNode node) => node is YamlScalarNode s && !IsNull(node) ? s.Value ?? "" : null;

    /// <summary>YAML 1.2 core-schema booleans.</summary>
    public static bool TryBool(YamlNode node, out bool value)
    {
        value = false;
        switch (ScalarText(node))
        {
            case "true" or "True" or "TRUE": value = true; return true;
            case "false" or "False" or "FALSE": return true;
            default: return false;
        }
    }

    public static bool TryNonNegativeInteger(YamlNode node, out long value)
    {
        value = 0;
        var text = ScalarText(node);
        return text is not null
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            && value >= 0;
    }
}
