using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vigil.Storage;

/// <summary>Streams a hunt's rows as CSV or JSON lines, one row in memory at a time.</summary>
public static class HuntOutput
{
    /// <summary>RFC 4180 CSV with a header row; NULL is an empty field, lists render as <c>[a, b]</c>. Returns the rows written.</summary>
    public static long WriteCsv(HuntCursor cursor, TextWriter w)
    {
        for (int i = 0; i < cursor.Columns.Count; i++)
        {
            if (i > 0) w.Write(',');
            WriteCsvField(w, cursor.Columns[i].Name);
        }
        w.Write("\r\n");
        long rows = 0;
        while (cursor.Read())
        {
            for (int i = 0; i < cursor.Columns.Count; i++)
            {
                if (i > 0) w.Write(',');
                if (HuntValue.ToText(cursor[i]) is { } text) WriteCsvField(w, text);
            }
            w.Write("\r\n");
            rows++;
        }
        w.Flush();
        return rows;
    }

    /// <summary>One JSON object per line, keyed by column name, values typed (numbers, booleans, arrays, null). Returns the rows written.</summary>
    public static long WriteJsonLines(HuntCursor cursor, Stream output)
    {
        var names = cursor.Columns.Select(c => JsonEncodedText.Encode(c.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)).ToArray();
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        long rows = 0;
        while (cursor.Read())
        {
            w.WriteStartObject();
            for (int i = 0; i < names.Length; i++)
            {
                w.WritePropertyName(names[i]);
                HuntValue.WriteJson(w, cursor[i]);
            }
            w.WriteEndObject();
            w.Flush();
            output.WriteByte((byte)'\n');
            w.Reset();
            rows++;
        }
        output.Flush();
        return rows;
    }

    private static void WriteCsvField(TextWriter w, string s)
    {
        // Quote when the field would otherwise be misread: separators, quotes, line breaks, edge spaces.
        bool quote = s.Length > 0 && (s.AsSpan().IndexOfAny(",\"\r\n") >= 0 || s[0] == ' ' || s[^1] == ' ');
        if (!quote) { w.Write(s); return; }
        w.Write('"');
        w.Write(s.Replace("\"", "\"\"", StringComparison.Ordinal));
        w.Write('"');
    }
}
