using DuckDB.NET.Data;
using Vigil.Events;

namespace Vigil.Storage;

/// <summary>
/// The embedded event store: one DuckDB file holding every ingested event in a typed column per taxonomy field
/// (see <see cref="StoreSchema"/>). Opened for writing by ingestion (<see cref="CreateWriter"/>); hunting opens
/// the same file read-only through <see cref="HuntQuery"/>. DuckDB lets one process write a file at a time.
/// </summary>
public sealed partial class EventStore : IDisposable
{
    /// <summary>The store file used when none is named: <c>./vigil.duckdb</c>.</summary>
    public const string DefaultPath = "vigil.duckdb";

    private readonly DuckDBConnection _connection;
    private EventStoreWriter? _writer;

    private readonly List<FieldInfo> _storedFields;
    private readonly bool[] _isStored;

    private EventStore(string path, DuckDBConnection connection, StoreSchema schema, List<FieldInfo> storedFields)
    {
        Path = path;
        _connection = connection;
        Schema = schema;
        _storedFields = storedFields;
        _isStored = new bool[schema.Taxonomy.Count];
        foreach (var f in storedFields) _isStored[f.Id.Value] = true;
    }

    /// <summary>Full path of the store file.</summary>
    public string Path { get; }
    public StoreSchema Schema { get; }
    public Taxonomy Taxonomy => Schema.Taxonomy;
    internal DuckDBConnection Connection => _connection;

    /// <summary>The taxonomy fields that have a column in <c>events_data</c>, in column order (after the store columns).</summary>
    internal IReadOnlyList<FieldInfo> StoredFields => _storedFields;

    internal bool IsStored(FieldId id) => _isStored[id.Value];

    /// <summary>
    /// Gives fields a column in <c>events_data</c> and redefines the <c>events</c> view, in one transaction.
    /// The caller must have no batch open: DDL and the appender's rows must not share a transaction.
    /// </summary>
    internal void AddStoredFields(IEnumerable<FieldInfo> fields)
    {
        var added = fields.Where(f => !_isStored[f.Id.Value]).Distinct().ToList();
        if (added.Count == 0) return;
        using (var tx = _connection.BeginTransaction())
        {
            try
            {
                foreach (var f in added) Execute(StoreSchema.AddFieldStatement(f));
                Execute(Schema.EventsViewStatement(f => _isStored[f.Id.Value] || added.Contains(f)));
                tx.Commit();
            }
            catch (DuckDBException ex)
            {
                tx.Rollback();
                throw new EventStoreException($"event store {Path}: adding columns for {string.Join(", ", added)} failed: {ex.Message}", ex);
            }
        }
        foreach (var f in added)
        {
            _storedFields.Add(f);
            _isStored[f.Id.Value] = true;
        }
    }

    /// <summary>
    /// DuckDB's memory limit for an ingest. DuckDB's own default (80% of RAM) lets its buffers grow into gigabytes of
    /// fresh memory, and faulting that in cost more than writing blocks out early. Measured on all Security-Datasets
    /// (568,996 events): no limit 14.4k events/s and 3.7 GB peak RSS; 1GB 19.3k, 1.5 GB; 512MB 21.4k, 1.0 GB; 256MB
    /// 23.3k, 0.8 GB; 128MB 24.1k; 64MB fails (a column segment of each of ~120 columns is pinned while appending).
    /// 256MB keeps a margin of four times that; the segments of every taxonomy field (~330 columns) would pin ~85 MB.
    /// </summary>
    public const string IngestMemoryLimit = "256MB";

    /// <summary>
    /// Opens the store for writing, creating the file and its tables when it does not exist yet.
    /// Throws <see cref="EventStoreException"/> when the folder cannot be written, the file is not a Vigil
    /// store, or it was laid out by another schema version or taxonomy.
    /// </summary>
    /// <param name="memoryLimit">
    /// DuckDB's memory limit for this connection (<c>512MB</c>, <c>2GB</c>; null: DuckDB's, 80% of RAM; ingests use
    /// <see cref="IngestMemoryLimit"/>). A write that cannot fit fails (and its batch is rolled back) with DuckDB's
    /// out-of-memory message.
    /// </param>
    public static EventStore Open(string? path = null, Taxonomy? taxonomy = null, string? memoryLimit = null)
    {
        if (memoryLimit is not null && !MemorySize().IsMatch(memoryLimit))
            throw new EventStoreException($"memory limit '{memoryLimit}' is not a size such as 512MB or 2GB");
        string full = System.IO.Path.GetFullPath(path ?? DefaultPath);
        var schema = new StoreSchema(taxonomy ?? Taxonomy.Default);
        bool create = !File.Exists(full);
        if (create) EnsureWritableFolder(full);

        var connection = Connect(full, readOnly: false);
        try
        {
            // DuckDB checkpoints when its WAL reaches 16 MB by default, i.e. every ~50k events here, and each
            // checkpoint rewrites the partly filled last row group again: measured 16k events/s at 10k-row batches
            // with the default, 46–54k with 256 MB (500k events, bench `store-append`). 256 MB keeps the
            // un-checkpointed data in memory modest; closing the store checkpoints the rest.
            using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "SET checkpoint_threshold = '256MB'";
                cmd.ExecuteNonQuery();
                if (memoryLimit is not null)
                {
                    cmd.CommandText = $"SET memory_limit = '{memoryLimit}'"; // validated above: digits and a unit
                    cmd.ExecuteNonQuery();
                }
            }
            if (create || !TableExists(connection, StoreSchema.SchemaTable)) CreateOrReject(connection, schema, full);
            else CheckSchema(connection, schema, full);
            return new EventStore(full, connection, schema, ReadStoredFields(connection, schema, full));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A writer for one ingestion run. Only one writer may be open at a time: DuckDB appends through one
    /// connection, and two interleaved batches would share its transaction.
    /// </summary>
    public EventStoreWriter CreateWriter(EventStoreWriterOptions? options = null)
    {
        if (_writer is { IsDisposed: false }) throw new InvalidOperationException("an EventStoreWriter is already open on this store");
        _writer = new EventStoreWriter(this, options ?? new EventStoreWriterOptions());
        return _writer;
    }

    /// <summary>Events stored (normalized and unmatched).</summary>
    public long CountEvents() => Convert.ToInt64(Scalar($"SELECT count(*) FROM {StoreSchema.DataTable}"));

    /// <summary>Rejected lines stored.</summary>
    public long CountRejects() => Convert.ToInt64(Scalar($"SELECT count(*) FROM {StoreSchema.RejectsTable}"));

    public void Dispose()
    {
        _writer?.Dispose();
        _connection.Dispose();
    }

    internal object? Scalar(string sql, params object?[] args)
    {
        using var cmd = Command(sql, args);
        return cmd.ExecuteScalar();
    }

    internal int Execute(string sql, params object?[] args)
    {
        using var cmd = Command(sql, args);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>A command with positional <c>?</c> parameters.</summary>
    internal DuckDBCommand Command(string sql, params object?[] args)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var a in args) cmd.Parameters.Add(new DuckDBParameter(a ?? DBNull.Value));
        return cmd;
    }

    /// <summary>
    /// The DuckDB storage version new stores are created with. DuckDB's default writes files that DuckDB 0.10 can
    /// read, which rules out compressing strings with ZSTD (<see cref="StoreSchema.RawCompression"/>); a store is
    /// therefore readable by DuckDB 1.5 or later, the version Vigil ships with.
    /// </summary>
    internal const string StorageVersion = "v1.5.0";

    internal static DuckDBConnection Connect(string fullPath, bool readOnly)
    {
        var builder = new DuckDBConnectionStringBuilder { DataSource = fullPath };
        if (readOnly) builder.AccessMode = DuckDBAccessMode.ReadOnly;
        // Only a file created with this setting can hold ZSTD strings; an older store opens as it was written.
        else builder["storage_compatibility_version"] = StorageVersion;
        var connection = new DuckDBConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (DuckDBException ex)
        {
            connection.Dispose();
            throw new EventStoreException($"cannot open the event store at {fullPath}: {ex.Message}", ex);
        }
    }

    // DuckDB's own error for an unwritable folder names neither the folder nor the cause plainly; probing first
    // turns it into a sentence the user can act on.
    private static void EnsureWritableFolder(string fullPath)
    {
        string folder = System.IO.Path.GetDirectoryName(fullPath)!;
        try
        {
            Directory.CreateDirectory(folder);
            string probe = System.IO.Path.Combine(folder, $".vigil-probe-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EventStoreException($"cannot create an event store at {fullPath}: the folder {folder} is not writable ({ex.Message})", ex);
        }
    }

    private static bool TableExists(DuckDBConnection connection, string table)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?";
        cmd.Parameters.Add(new DuckDBParameter(table));
        return Convert.ToInt64(cmd.ExecuteScalar()) > 0;
    }

    // A file without our schema table is either empty (a DuckDB file someone created: make it a store) or
    // someone else's database, which we must not add tables to.
    private static void CreateOrReject(DuckDBConnection connection, StoreSchema schema, string fullPath)
    {
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()";
            if (Convert.ToInt64(cmd.ExecuteScalar()) > 0)
                throw new EventStoreException($"{fullPath} is a DuckDB database but not a Vigil event store (it has no {StoreSchema.SchemaTable} table)");
        }
        using var tx = connection.BeginTransaction();
        foreach (var sql in schema.CreateStatements())
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    // The columns events_data has now: the store columns, then the fields added so far. Anything else means the
    // file was changed by hand or by another Vigil, and appending by position would put values in wrong columns.
    private static List<FieldInfo> ReadStoredFields(DuckDBConnection connection, StoreSchema schema, string fullPath)
    {
        var columns = new List<(string Name, string Type)>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? ORDER BY column_index";
            cmd.Parameters.Add(new DuckDBParameter(StoreSchema.DataTable));
            using var r = cmd.ExecuteReader();
            while (r.Read()) columns.Add((r.GetString(0), r.GetString(1)));
        }
        var fixedColumns = StoreSchema.StoreColumns;
        bool leadingOk = columns.Count >= fixedColumns.Length;
        for (int i = 0; leadingOk && i < fixedColumns.Length; i++) leadingOk = columns[i].Name == fixedColumns[i].Name;
        if (!leadingOk) throw Damaged($"{StoreSchema.DataTable} does not start with the columns {string.Join(", ", fixedColumns.Select(c => c.Name))}");

        var fields = new List<FieldInfo>();
        foreach (var (name, type) in columns.Skip(fixedColumns.Length))
        {
            if (!schema.Taxonomy.TryGetField(name, out var f)) throw Damaged($"{StoreSchema.DataTable} has a column '{name}' that is not a taxonomy field");
            if (StoreSchema.SqlType(f.Type) != type) throw Damaged($"column '{name}' is {type}, the taxonomy makes it {StoreSchema.SqlType(f.Type)}");
            fields.Add(f);
        }
        return fields;

        EventStoreException Damaged(string what) => new($"the event store at {fullPath} cannot be written: {what}");
    }

    private static void CheckSchema(DuckDBConnection connection, StoreSchema schema, string fullPath)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT version, taxonomy FROM {StoreSchema.SchemaTable} LIMIT 1";
        using var r = cmd.ExecuteReader();
        if (!r.Read()) throw new EventStoreException($"{fullPath}: the {StoreSchema.SchemaTable} table is empty; the store is damaged");
        int version = r.GetInt32(0);
        string taxonomy = r.GetString(1);
        if (version != StoreSchema.Version)
            throw new EventStoreException(
                $"the event store at {fullPath} has schema version {version}, this Vigil writes version {StoreSchema.Version}; " +
                "ingest into a new file (--db) or export the old one to Parquet first");
        if (taxonomy != schema.TaxonomyFingerprint)
            throw new EventStoreException(
                $"the event store at {fullPath} was created with another taxonomy (fingerprint {taxonomy}, this Vigil has {schema.TaxonomyFingerprint}): " +
                "its columns differ from the fields Vigil would write; ingest into a new file (--db)");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex MemorySize();
}
