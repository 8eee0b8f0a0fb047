using System.Globalization;
using CsvHelper;
using Vigil.Events;

namespace Vigil.Tables;

/// <summary>
/// A list as CSV (RFC 4180, UTF-8, comma): a header row of column names, then a record per row. Export and import
/// round-trip: an empty field is null and a quoted empty field (<c>""</c>) is the empty string; times are
/// ISO-8601 UTC to the 100 ns tick; numbers are invariant. A CSV list is typed by the schema on import, as any
/// other write (<see cref="ColumnValues"/>), so "42" fills a Number column and a bad value is reported, not guessed.
/// </summary>
public static class TableCsv
{
    /// <summary>Writes the header and <paramref name="rows"/>; returns how many rows were written.</summary>
    public static long Export(TableSchema schema, IEnumerable<TableRow> rows, Stream output)
    {
        // WhenNeededOrWhitespace: a value with edge spaces keeps them even in readers that trim unquoted fields.
        // No formula-injection escaping: it would change the values (a pattern may start with '-'), and this CSV
        // is for import, not spreadsheets.
        using var writer = CsvWriter.Create(output, new CsvWriterOptions { Quoting = CsvQuoting.WhenNeededOrWhitespace }, leaveOpen: true);
        writer.WriteHeader([.. schema.Columns.Select(c => c.Name)]);
        long count = 0;
        foreach (var row in rows)
        {
            for (int c = 0; c < row.ColumnCount; c++)
            {
                var text = CellText(row[c]);
                if (text is null) writer.WriteField((string?)null);
                else if (text.Length == 0) writer.WriteField(text, CsvQuoting.Always); // "" is the empty string, not null
                else writer.WriteField(text);
            }
            // A record whose only field is null is written as "" (else it would be an empty line): a one-column
            // list cannot round-trip a null, which only a nullable key would hold.
            writer.EndRecord();
            count++;
        }
        writer.Flush();
        return count;
    }

    /// <summary>
    /// Upserts every record of <paramref name="input"/> into <paramref name="table"/>, stamped <paramref name="nowTicks"/>.
    /// The header names the columns given; it must hold the key columns. Columns it leaves out keep their values on
    /// update and are null on insert, as with <c>insert_into</c>. Records that are malformed or do not fit the
    /// schema are reported by line and skipped; the others are imported. Throws <see cref="TableCsvException"/>
    /// when the header makes the whole file unusable.
    /// </summary>
    public static TableImportResult Import(TableData table, Stream input, long nowTicks)
    {
        var errors = new List<TableImportError>();
        var options = new CsvReaderOptions
        {
            Separator = ',', // never guessed: a value with semicolons must not change how the file splits
            TrackLineNumbers = true,
            TrimWhitespace = false,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = r => errors.Add(new TableImportError(r.LineNumber, Malformed(r.Reason))),
        };
        using var reader = CsvReader.Create(input, options, leaveOpen: true);
        var schema = table.Schema;
        string[] header;
        try
        {
            header = [.. reader.Headers];
        }
        catch (CsvFormatException ex)
        {
            throw new TableCsvException(Math.Max(1, ex.LineNumber), $"the header row cannot be read: {ex.Message}");
        }
        CheckHeader(schema, header);

        int inserted = 0, updated = 0, evicted = 0;
        var columns = new KeyValuePair<string, Value>[header.Length];
        try
        {
            while (reader.Read())
            {
                for (int i = 0; i < header.Length; i++)
                {
                    // Raw bytes tell an empty field (null) from a quoted empty one (the empty string).
                    var value = reader.GetRawSpan(i).IsEmpty ? Value.Null : Value.String(reader.GetString(i));
                    columns[i] = KeyValuePair.Create(header[i], value);
                }
                var result = table.Upsert(columns, nowTicks);
                switch (result.Status)
                {
                    case TableWriteStatus.Inserted: inserted++; break;
                    case TableWriteStatus.Updated: updated++; break;
                    default: errors.Add(new TableImportError(reader.LineNumber, result.Error ?? "refused")); break;
                }
                evicted += result.Evicted;
            }
        }
        catch (CsvFormatException ex)
        {
            errors.Add(new TableImportError(ex.LineNumber, $"reading stopped here: {ex.Message}"));
        }
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new TableImportResult(inserted, updated, evicted, errors);
    }

    /// <summary>The text of a column value in CSV and for display; null for null.</summary>
    public static string? CellText(in Value v) => v.Kind switch
    {
        ValueKind.Null => null,
        ValueKind.String => v.AsString,
        ValueKind.Number => v.AsNumber.ToString(CultureInfo.InvariantCulture),
        ValueKind.Double => v.AsDouble.ToString("R", CultureInfo.InvariantCulture),
        // Full tick precision, so an exported time imports as the same instant.
        ValueKind.DateTime => new DateTime(v.AsTicks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        _ => v.ToText() ?? v.ToString(),
    };

    private static void CheckHeader(TableSchema schema, string[] header)
    {
        string columns = string.Join(", ", schema.Columns.Select(c => c.Name));
        if (header.Length == 0 || header.All(string.IsNullOrEmpty))
            throw new TableCsvException(1, $"no header row: the first line must name the columns of '{schema.Name}' ({columns})");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in header)
        {
            if (schema.ColumnOrdinal(name) < 0)
                throw new TableCsvException(1, $"'{name}' is not a column of '{schema.Name}' (its columns: {columns})");
            if (!seen.Add(name)) throw new TableCsvException(1, $"column '{name}' appears twice in the header");
        }
        foreach (int k in schema.PrimaryKey)
            if (!seen.Contains(schema.Columns[k].Name))
                throw new TableCsvException(1, $"the header lacks key column '{schema.Columns[k].Name}'");
    }

    private static string Malformed(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "malformed CSV: a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "malformed CSV: text after the closing quote of a field",
        CsvMalformedReason.UnterminatedQuote => "malformed CSV: a quoted field is never closed",
        CsvMalformedReason.LineBreakInQuotes => "malformed CSV: a line break inside quotes",
        CsvMalformedReason.FieldCountMismatch => "the record does not have one field per header column",
        _ => "malformed CSV: " + reason,
    };
}
