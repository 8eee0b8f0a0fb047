using System.Globalization;
using System.Text.Json;
using Vigil.Language.Diagnostics;
using Vigil.Language.Text;

namespace Vigil.Testing;

/// <summary>
/// Parses the line-oriented test scripts <c>test_conds_N.tc</c> and <c>test_N.sc</c> (correlation.md §10.2–10.3):
/// <c># comment</c>, blank lines, <c>table_list default</c>, <c>table_list {json}</c>, <c>expect N {json}</c>,
/// <c>expect not {json}</c> and, in <c>.sc</c> only, one input event <c>{json}</c> per line. Spaces and tabs
/// may separate the parts. A bad line is reported and skipped; the rest of the file is still read.
/// </summary>
public static class TestScriptParser
{
    public static TestScript? ParseFile(string path, DiagnosticBag diagnostics, string? displayPath = null) =>
        TestFileReader.TryRead(path, diagnostics, out var source, displayPath) ? Parse(source, KindOf(path), diagnostics) : null;

    /// <summary><c>.sc</c> files are unit tests; anything else is read as integration conditions.</summary>
    public static TestScriptKind KindOf(string path) =>
        path.EndsWith(".sc", StringComparison.OrdinalIgnoreCase) ? TestScriptKind.Unit : TestScriptKind.Conditions;

    public static TestScript Parse(SourceText source, TestScriptKind kind, DiagnosticBag diagnostics)
    {
        var directives = new List<TestDirective>();
        if (source.FirstNulOffset is var nul and >= 0)
        {
            diagnostics.Add(DiagnosticFacts.BinaryFile(source, nul));
            return new TestScript(source, kind, directives);
        }
        var lineParser = new LineParser(source, kind, diagnostics);
        string text = source.Text;
        int lineNumber = 0;
        for (int start = 0; start < text.Length;)
        {
            lineNumber++;
            int end = start;
            while (end < text.Length && text[end] is not ('\n' or '\r')) end++;
            if (lineParser.Parse(lineNumber, start, end) is { } directive) directives.Add(directive);
            start = end < text.Length && text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? end + 2 : end + 1;
        }
        return new TestScript(source, kind, directives);
    }

    private sealed class LineParser(SourceText src, TestScriptKind kind, DiagnosticBag diags)
    {
        private readonly string _text = src.Text;

        public TestDirective? Parse(int line, int start, int end)
        {
            int pos = SkipBlanks(start, end);
            end = TrimEnd(pos, end);
            if (pos == end || _text[pos] == '#') return null;

            if (_text[pos] == '{')
            {
                if (kind == TestScriptKind.Conditions)
                {
                    diags.Add(DiagnosticFacts.InputEventInConditions(src, TextSpan.FromBounds(pos, end)));
                    return null;
                }
                if (!TryJson(pos, end, out var ev, out var span)) return null;
                if (ev.ValueKind != JsonValueKind.Object)
                {
                    diags.Add(DiagnosticFacts.JsonNotAnObject(src, span, "an input event"));
                    return null;
                }
                return new InputEventDirective(ev, _text[span.Start..span.End], line, TextSpan.FromBounds(pos, end));
            }

            int wordEnd = WordEnd(pos, end);
            string word = _text[pos..wordEnd];
            switch (word)
            {
                case "expect": return ParseExpect(line, pos, wordEnd, end);
                case "table_list": return ParseTableList(line, pos, wordEnd, end);
                default:
                    diags.Add(DiagnosticFacts.UnknownTestDirective(src, TextSpan.FromBounds(pos, Math.Max(wordEnd, pos + 1)), kind == TestScriptKind.Unit));
                    return null;
            }
        }

        private ExpectDirective? ParseExpect(int line, int lineStart, int keywordEnd, int end)
        {
            int pos = SkipBlanks(keywordEnd, end);
            int wordEnd = WordEnd(pos, end);
            var word = _text.AsSpan(pos, wordEnd - pos);
            bool isNot = word.SequenceEqual("not");
            int count = 0;
            bool countOk = isNot
                || (word.Length > 0 && char.IsAsciiDigit(word[0]) && int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out count));
            int jsonStart = SkipBlanks(wordEnd, end);
            if (!countOk || jsonStart == end)
            {
                var at = pos < end ? TextSpan.FromBounds(pos, Math.Max(wordEnd, pos + 1)) : TextSpan.FromBounds(lineStart, keywordEnd);
                diags.Add(DiagnosticFacts.InvalidExpectCount(src, at));
                return null;
            }
            if (!TryJson(jsonStart, end, out var expected, out var span)) return null;
            if (expected.ValueKind != JsonValueKind.Object)
            {
                diags.Add(DiagnosticFacts.JsonNotAnObject(src, span, "the expected event"));
                return null;
            }
            return new ExpectDirective(count, isNot, expected, _text[span.Start..span.End], line, TextSpan.FromBounds(lineStart, end));
        }

        private TestDirective? ParseTableList(int line, int lineStart, int keywordEnd, int end)
        {
            int pos = SkipBlanks(keywordEnd, end);
            int wordEnd = WordEnd(pos, end);
            if (pos > keywordEnd && _text.AsSpan(pos, wordEnd - pos).SequenceEqual("default"))
            {
                if (!RestIsComment(wordEnd, end)) return null;
                return new LoadDefaultTablesDirective(line, TextSpan.FromBounds(lineStart, end));
            }
            if (pos == end || _text[pos] != '{')
            {
                diags.Add(DiagnosticFacts.InvalidTableListDirective(src, TextSpan.FromBounds(lineStart, keywordEnd)));
                return null;
            }
            if (!TryJson(pos, end, out var json, out var span)) return null;
            var tables = ReadTableRows(json, span);
            return tables is null ? null : new TableRowsDirective(tables, _text[span.Start..span.End], line, TextSpan.FromBounds(lineStart, end));
        }

        /// <summary><c>{"Table": [{…}, …], …}</c>; the rows stay JSON, typed later against the table's schema.</summary>
        private List<TestTableRows>? ReadTableRows(JsonElement json, TextSpan span)
        {
            if (json.ValueKind != JsonValueKind.Object)
            {
                diags.Add(DiagnosticFacts.TableListRowsShape(src, span, "expected an object mapping table names to lists of rows"));
                return null;
            }
            var tables = new List<TestTableRows>();
            foreach (var table in json.EnumerateObject())
            {
                if (table.Value.ValueKind != JsonValueKind.Array)
                {
                    diags.Add(DiagnosticFacts.TableListRowsShape(src, span, $"the rows of '{table.Name}' must be a list [{{…}}, …]"));
                    return null;
                }
                var rows = new List<JsonElement>();
                foreach (var row in table.Value.EnumerateArray())
                {
                    if (row.ValueKind != JsonValueKind.Object)
                    {
                        diags.Add(DiagnosticFacts.TableListRowsShape(src, span, $"each row of '{table.Name}' must be an object of column values"));
                        return null;
                    }
                    rows.Add(row);
                }
                tables.Add(new TestTableRows(table.Name, rows));
            }
            return tables;
        }

        /// <summary>The JSON value at <paramref name="start"/>, which must be all that is on the line (bar a trailing comment).</summary>
        private bool TryJson(int start, int end, out JsonElement value, out TextSpan span)
        {
            span = default;
            if (!JsonSource.TryParse(src, start, end, diags, out value, out int valueEnd)) return false;
            span = TextSpan.FromBounds(start, valueEnd);
            return RestIsComment(valueEnd, end);
        }

        /// <summary>
        /// Only blanks or a <c># comment</c> may follow a complete directive. The corpus never does this, but it
        /// costs nothing and a '#' inside JSON strings is already past (the JSON reader found the value's end).
        /// </summary>
        private bool RestIsComment(int pos, int end)
        {
            pos = SkipBlanks(pos, end);
            if (pos == end || _text[pos] == '#') return true;
            diags.Add(DiagnosticFacts.TrailingText(src, TextSpan.FromBounds(pos, end)));
            return false;
        }

        private int SkipBlanks(int pos, int end)
        {
            while (pos < end && _text[pos] is ' ' or '\t') pos++;
            return pos;
        }

        private int TrimEnd(int start, int end)
        {
            while (end > start && _text[end - 1] is ' ' or '\t') end--;
            return end;
        }

        private int WordEnd(int pos, int end)
        {
            while (pos < end && (char.IsAsciiLetterOrDigit(_text[pos]) || _text[pos] == '_')) pos++;
            return pos;
        }
    }
}
