using System.Text.Json;
using Vigil.Events;

namespace Vigil.Normalization;

/// <summary>JSON text handed to a JSON subformula (rare): parsed into a standalone map.</summary>
internal static class JsonSubformulaInput
{
    public static IValueMap? TryParseObject(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
            return doc.RootElement.ValueKind == JsonValueKind.Object ? new JsonValueMap(doc.RootElement.Clone()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
