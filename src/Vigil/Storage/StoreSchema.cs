using System.Security.Cryptography;
using System.Text;
using Vigil.Events;

namespace Vigil.Storage;

/// <summary>One column of the <c>events</c> view: its SQL name, its snake_case alias in the <c>ev</c> view, its DuckDB type.</summary>
public sealed record StoreColumn(string Name, string SnakeName, string SqlType, FieldInfo? Field)
{
    /// <summary>The name as it must be written in SQL: always double-quoted, since taxonomy names contain dots.</summary>
    public string Quoted => SqlText.QuoteIdentifier(Name);
}

/// <summary>
/// The layout of an event store.
/// <list type="bullet">
/// <item><c>events</c> — a view with the store columns, one typed column per taxonomy field (dotted names) and <c>raw</c>: what hunters query.</item>
/// <item><c>ev</c> — the same columns under snake_case names.</item>
/// <item><c>events_data</c> — the table behind them. It holds the store columns and only the taxonomy fields that some
/// stored event has set; <c>events</c> shows every other field as a typed NULL. DuckDB pays per column and per row
/// for NULLs when appending (measured: 326 mostly-NULL columns append ~4× slower than the 33 an event really
/// sets), and an ingest touches a few dozen of the ~320 fields, so columns are added the first time a field is used.</item>
/// <item><c>rejects</c>, <c>sources</c>, <c>ingests</c> — lines that were not events, completed sources, runs.</item>
/// <item><c>vigil_schema</c> — version and taxonomy fingerprint, so a later Vigil notices a store laid out differently.</item>
/// </list>
/// </summary>
public sealed class StoreSchema
{
    /// <summary>
    /// Bump whenever the DDL below changes in a way an existing file would not match (a column added, renamed,
    /// retyped, a table added). Taxonomy changes are caught separately by <see cref="TaxonomyFingerprint"/>.
    /// </summary>
    public const int Version = 1;

    public const string EventsView = "events";
    public const string DataTable = "events_data";
    public const string RejectsTable = "rejects";
    public const string SourcesTable = "sources";
    public const string IngestsTable = "ingests";
    public const string SchemaTable = "vigil_schema";
    /// <summary>The view exposing every <c>events</c> column under its snake_case name.</summary>
    public const string SnakeView = "ev";

    // Store columns, in the order they lead events_data (raw included: field columns are appended after it as
    // they are added). `ingest_status` rather than `status`: the taxonomy has its own `status` field (the outcome
    // the event reports), and a column name can only mean one thing.
    internal static readonly (string Name, string Type)[] StoreColumns =
    [
        ("event_key", "BIGINT NOT NULL"),
        ("ingest_id", "VARCHAR NOT NULL"),
        ("source", "VARCHAR NOT NULL"),
        ("line", "BIGINT NOT NULL"),
        ("ingest_status", "VARCHAR NOT NULL"),
        ("formula", "VARCHAR"),
        ("ingest_reason", "VARCHAR"),
        ("raw", "VARCHAR NOT NULL"),
    ];

    // The raw events are most of the bytes (1.4 GB of JSON for Security-Datasets' 569k events) and all distinct, so
    // DuckDB's automatic choice stores them uncompressed: writing them was most of an ingest's time (copies into the
    // page cache, spills), and a LIKE over them read 1.5 GB. ZSTD stores them in ~2% of that and is chosen only when
    // asked for; it needs a file of storage version 1.2 or later (see EventStore.StorageVersion).
    internal const string RawCompression = "USING COMPRESSION zstd";

    private readonly StoreColumn[] _columns;

    public StoreSchema(Taxonomy taxonomy)
    {
        Taxonomy = taxonomy;
        var columns = new List<StoreColumn>(taxonomy.Count + StoreColumns.Length);
        var leading = StoreColumns[..^1];
        foreach (var (name, type) in leading) columns.Add(new StoreColumn(name, name, type, null));
        foreach (var f in taxonomy.Fields) columns.Add(new StoreColumn(f.Name, ToSnakeCase(f.Name), SqlType(f.Type), f));
        // The raw text last in the views: it is the widest column and rarely what a hunter reads first in SELECT *.
        columns.Add(new StoreColumn("raw", "raw", StoreColumns[^1].Type, null));
        _columns = columns.ToArray();

        // A snake_case alias that two columns share would make the view ambiguous; fail here, at start-up,
        // rather than with a DuckDB error in the middle of creating a store.
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in _columns)
            if (!seen.TryAdd(c.SnakeName, c.Name))
                throw new InvalidOperationException($"columns '{seen[c.SnakeName]}' and '{c.Name}' share the snake_case name '{c.SnakeName}'");

        TaxonomyFingerprint = Fingerprint(taxonomy);
    }

    public Taxonomy Taxonomy { get; }
    /// <summary>The columns of the <c>events</c> view, in order.</summary>
    public IReadOnlyList<StoreColumn> Columns => _columns;
    /// <summary>Identifies the field names and types; stored so a store written with another taxonomy is detected.</summary>
    public string TaxonomyFingerprint { get; }

    /// <summary><c>subject.account.name</c> → <c>subject_account_name</c>: every character that is not a letter, digit or underscore becomes one.</summary>
    public static string ToSnakeCase(string name)
    {
        return string.Create(name.Length, name, static (span, n) =>
        {
            for (int i = 0; i < n.Length; i++)
            {
                char c = n[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c == '_' ? char.ToLowerInvariant(c) : '_';
            }
        });
    }

    public static string SqlType(FieldType type) => type switch
    {
        FieldType.Number => "BIGINT",
        // DuckDB TIMESTAMP (no zone) holding UTC: a TIMESTAMPTZ would be displayed in the session's
        // time zone, and the date partitions of an export would then depend on the machine that wrote them.
        FieldType.DateTime => "TIMESTAMP",
        FieldType.Bool => "BOOLEAN",
        FieldType.ListString or FieldType.ListUuid => "VARCHAR[]",
        // Strings, enums, UUIDs, IPs and MACs as text: hunters compare them with string literals and LIKE,
        // and an IP column of text keeps v4 and v6 in one column.
        _ => "VARCHAR",
    };

    /// <summary>Statements creating an empty store.</summary>
    public IEnumerable<string> CreateStatements()
    {
        yield return $"CREATE TABLE {SchemaTable} (version INTEGER NOT NULL, taxonomy VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL)";
        // The clock from .NET: DuckDB's now() is zoned, and its cast to TIMESTAMP depends on the session time zone.
        yield return $"INSERT INTO {SchemaTable} VALUES ({Version}, {SqlText.QuoteLiteral(TaxonomyFingerprint)}, TIMESTAMP '{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss.ffffff}')";
        yield return $"CREATE TABLE {DataTable} (" + string.Join(", ", StoreColumns.Select(c => $"{SqlText.QuoteIdentifier(c.Name)} {c.Type}" + (c.Name == "raw" ? $" {RawCompression}" : ""))) + ")";
        yield return $"CREATE TABLE {RejectsTable} (event_key BIGINT NOT NULL, ingest_id VARCHAR NOT NULL, source VARCHAR NOT NULL, line BIGINT NOT NULL, reason VARCHAR NOT NULL, raw_excerpt VARCHAR)";
        yield return $"CREATE TABLE {SourcesTable} (source VARCHAR PRIMARY KEY, size BIGINT, fingerprint VARCHAR, events BIGINT NOT NULL, rejects BIGINT NOT NULL, ingest_id VARCHAR NOT NULL, completed_at TIMESTAMP NOT NULL)";
        yield return $"CREATE TABLE {IngestsTable} (ingest_id VARCHAR PRIMARY KEY, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, normalized BIGINT, unmatched BIGINT, rejected BIGINT, duplicates BIGINT)";
        yield return EventsViewStatement(_ => false);
        // Over the events view, by name: it never needs recreating when events_data gains a column.
        yield return $"CREATE VIEW {SnakeView} AS SELECT\n  " +
            string.Join(",\n  ", _columns.Select(c => c.Name == c.SnakeName ? c.Quoted : $"{c.Quoted} AS {SqlText.QuoteIdentifier(c.SnakeName)}")) +
            $"\nFROM {EventsView}";
    }

    /// <summary>(Re)defines the <c>events</c> view: stored fields from <c>events_data</c>, the others as typed NULLs.</summary>
    public string EventsViewStatement(Func<FieldInfo, bool> isStored) =>
        $"CREATE OR REPLACE VIEW {EventsView} AS SELECT\n  " +
        string.Join(",\n  ", _columns.Select(c => c.Field is null || isStored(c.Field) ? c.Quoted : $"CAST(NULL AS {c.SqlType}) AS {c.Quoted}")) +
        $"\nFROM {DataTable}";

    /// <summary>Adds a field's column to <c>events_data</c>.</summary>
    public static string AddFieldStatement(FieldInfo field) =>
        $"ALTER TABLE {DataTable} ADD COLUMN {SqlText.QuoteIdentifier(field.Name)} {SqlType(field.Type)}";

    private static string Fingerprint(Taxonomy taxonomy)
    {
        var sb = new StringBuilder();
        foreach (var f in taxonomy.Fields) sb.Append(f.Name).Append(':').Append(SqlType(f.Type)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..16];
    }
}
