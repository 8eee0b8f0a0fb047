using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Vigil.Tables.Persistence;

/// <summary>
/// The on-disk home of the tabular lists: one SQLite database, <c>tables.sqlite</c>, in a folder of its own.
/// <para>
/// Layout: <c>lists(id, name, layout, created)</c> says which lists exist and with which columns;
/// <c>rows(list, seq, data) WITHOUT ROWID</c> holds each row under its write sequence number, so reading a list in
/// key order gives it back least recently written first (what eviction, expiry and <c>select_query_first</c> need)
/// without a separate order index. <c>PRAGMA application_id</c> marks the file as Vigil's and
/// <c>PRAGMA user_version</c> is the format version.
/// </para>
/// <para>
/// SQLite rather than LMDB: LightningDB 0.23.1, the maintained LMDB binding, ships a linux-x64 liblmdb.so that
/// needs glibc 2.38 and so does not load on Debian 12, Ubuntu 22.04 or RHEL 9; SQLite (via Microsoft.Data.Sqlite)
/// is as well kept, loads everywhere .NET runs, and its WAL journal makes every commit atomic and durable, so a
/// crash mid-batch leaves the last committed state intact.
/// </para>
/// <para>
/// One writer process at a time: a writer holds <c>tables.lock</c> (an exclusive OS file lock, released if the
/// process dies) and keeps every list in memory, writing through to disk, so a second writer would work from a
/// stale copy. Read-only opens take no lock and see the last commit. Not thread-safe: one pipeline thread uses it.
/// </para>
/// </summary>
public sealed partial class TableStoreFile : IDisposable
{
    public const string FileName = "tables.sqlite";
    private const string LockFileName = "tables.lock";
    private const long ApplicationId = 0x5647544C; // "VGTL"
    private const int FormatVersion = 1;

    private static readonly string CreateSchemaSql = $"""
        CREATE TABLE lists (
            id      INTEGER PRIMARY KEY,
            name    TEXT NOT NULL UNIQUE,
            layout  TEXT NOT NULL,
            created TEXT NOT NULL
        );
        CREATE TABLE rows (
            list INTEGER NOT NULL,
            seq  INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (list, seq)
        ) WITHOUT ROWID;
        PRAGMA application_id = {ApplicationId};
        PRAGMA user_version = {FormatVersion};
        """;

    // Null for a read-only open of a folder that holds no store yet: every list is then "not stored".
    private readonly SqliteConnection? _connection;
    private readonly FileStream? _lock;
    private readonly TableStoreOptions _options;
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);
    private bool _disposed;

    private TableStoreFile(string directory, TableStoreOptions options, SqliteConnection? connection, FileStream? lockFile)
    {
        Directory = directory;
        _options = options;
        _connection = connection;
        _lock = lockFile;
    }

    /// <summary>The store's folder, as a full path.</summary>
    public string Directory { get; }
    public string FilePath => Path.Combine(Directory, FileName);
    public bool IsReadOnly => _options.ReadOnly;
    /// <summary>False only for a read-only open of a folder where no store has been written yet.</summary>
    public bool Exists => _connection is not null;

    /// <summary>
    /// Opens (a writer creates) the store in <paramref name="directory"/>. Throws <see cref="TableStoreException"/>
    /// when another process holds it, or the file is not a Vigil table store or is of a newer format.
    /// </summary>
    public static TableStoreFile Open(string directory, TableStoreOptions? options = null)
    {
        options ??= TableStoreOptions.Default;
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be at least 1");
        string full = Path.GetFullPath(directory);
        return options.ReadOnly ? OpenReadOnly(full, options) : OpenWriter(full, options);
    }

    private static TableStoreFile OpenWriter(string full, TableStoreOptions options)
    {
        FileStream lockFile;
        string lockPath = Path.Combine(full, LockFileName);
        try
        {
            System.IO.Directory.CreateDirectory(full);
            // FileShare.None is an exclusive flock on Unix and a share lock on Windows; the OS drops it with the process.
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        // A sharing conflict is a plain IOException on an existing lock file (not FileNotFound and the like).
        catch (IOException ex) when (ex.GetType() == typeof(IOException) && File.Exists(lockPath))
        {
            throw new TableStoreException($"the table store {full} is in use by another process: one process at a time may "
                + "write tabular lists (read-only commands such as 'vigil table show' still work)", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TableStoreException($"cannot open the table store {full}: {ex.Message}", ex);
        }

        SqliteConnection? connection = null;
        try
        {
            connection = Connect(Path.Combine(full, FileName), SqliteOpenMode.ReadWriteCreate);
            // WAL: commits are atomic and readers in other processes never block the writer (nor see half a batch).
            // synchronous=FULL: a committed batch survives a power cut, which is what Flush promises.
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
            if (!CheckFormat(connection, full))
                Execute(connection, "BEGIN IMMEDIATE;" + CreateSchemaSql + "COMMIT;");
            return new TableStoreFile(full, options, connection, lockFile);
        }
        catch (SqliteException ex)
        {
            connection?.Dispose();
            lockFile.Dispose();
            throw new TableStoreException($"cannot open the table store {Path.Combine(full, FileName)}: {ex.Message}", ex);
        }
        catch
        {
            connection?.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    private static TableStoreFile OpenReadOnly(string full, TableStoreOptions options)
    {
        string file = Path.Combine(full, FileName);
        if (!File.Exists(file)) return new TableStoreFile(full, options, null, null);
        SqliteConnection? connection = null;
        try
        {
            connection = Connect(file, SqliteOpenMode.ReadOnly);
            if (CheckFormat(connection, full)) return new TableStoreFile(full, options, connection, null);
            connection.Dispose(); // an empty file: nothing stored yet
            return new TableStoreFile(full, options, null, null);
        }
        catch (SqliteException ex)
        {
            connection?.Dispose();
            throw new TableStoreException($"cannot read the table store {file}: {ex.Message}", ex);
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    private static SqliteConnection Connect(string file, SqliteOpenMode mode)
    {
        // No pooling: closing must really close the file, so that a reopen (or another process) starts afresh.
        var cs = new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false, Cache = SqliteCacheMode.Private };
        var c = new SqliteConnection(cs.ToString());
        c.Open();
        return c;
    }

    /// <summary>True when the file is a Vigil table store this version reads; false when it is empty (new).</summary>
    private static bool CheckFormat(SqliteConnection c, string directory)
    {
        long appId = Scalar(c, "PRAGMA application_id");
        long version = Scalar(c, "PRAGMA user_version");
        string file = Path.Combine(directory, FileName);
        if (appId == 0 && version == 0)
        {
            if (Scalar(c, "SELECT count(*) FROM sqlite_master") == 0) return false;
            throw new TableStoreException($"{file} is an SQLite database but not a Vigil table store; give another --tables folder");
        }
        if (appId != ApplicationId) throw new TableStoreException($"{file} is not a Vigil table store; give another --tables folder");
        if (version > FormatVersion)
            throw new TableStoreException($"{file} was written by a newer Vigil (table store format {version}); this one reads format {FormatVersion}");
        return true;
    }

    /// <summary>Every list in the store with its row count (committed or pending in this writer), by name.</summary>
    public IReadOnlyList<StoredList> Lists()
    {
        ThrowIfDisposed();
        if (_connection is null) return [];
        using var cmd = Command("SELECT l.name, l.layout, l.created, (SELECT count(*) FROM rows r WHERE r.list = l.id) FROM lists l ORDER BY l.name");
        using var reader = cmd.ExecuteReader();
        var lists = new List<StoredList>();
        while (reader.Read())
        {
            var created = DateTime.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            lists.Add(new StoredList(reader.GetString(0), reader.GetString(1), created, reader.GetInt64(3)));
        }
        return lists;
    }

    /// <summary>
    /// The store of list <paramref name="schema"/>, its rows loaded in write order. A list not stored yet is created
    /// (in a writer) and reported by <see cref="PersistentTableStore.Created"/>, so its caller loads the defaults.
    /// Throws <see cref="TableLayoutException"/> when the stored columns or key differ from the schema's.
    /// </summary>
    public PersistentTableStore OpenList(TableSchema schema)
    {
        ThrowIfDisposed();
        ThrowIfFailed();
        if (!_open.Add(schema.Name))
            throw new InvalidOperationException($"tabular list '{schema.Name}' is already open in this store");
        try
        {
            return OpenListCore(schema);
        }
        catch
        {
            _open.Remove(schema.Name);
            throw;
        }
    }

    private PersistentTableStore OpenListCore(TableSchema schema)
    {
        string layout = TableLayout.Describe(schema);
        if (_connection is null) return new PersistentTableStore(this, schema, listId: 0, created: true);

        long id = 0;
        string? storedLayout = null;
        using (var find = Command("SELECT id, layout FROM lists WHERE name = $name"))
        {
            find.Parameters.AddWithValue("$name", schema.Name);
            using var reader = find.ExecuteReader();
            if (reader.Read())
            {
                id = reader.GetInt64(0);
                storedLayout = reader.GetString(1);
            }
        }

        if (storedLayout is null)
        {
            if (IsReadOnly) return new PersistentTableStore(this, schema, listId: 0, created: true);
            return new PersistentTableStore(this, schema, CreateList(schema.Name, layout), created: true);
        }
        if (!string.Equals(storedLayout, layout, StringComparison.Ordinal))
            throw new TableLayoutException(schema.Name, storedLayout, layout, Directory);

        var store = new PersistentTableStore(this, schema, id, created: false);
        LoadRows(store, id);
        return store;
    }

    private void LoadRows(PersistentTableStore store, long id)
    {
        var schema = store.Schema;
        var superseded = new List<long>();
        using (var cmd = Command("SELECT seq, data FROM rows WHERE list = $list ORDER BY seq"))
        {
            cmd.Parameters.AddWithValue("$list", id);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                long seq = reader.GetInt64(0);
                var data = reader.GetFieldValue<byte[]>(1);
                if (!RowCodec.TryDecode(data, schema, out long written, out var values, out string? error))
                    throw new TableStoreException($"tabular list '{schema.Name}' in {FilePath}: stored row {seq} cannot be read ({error}); the store is damaged");
                var row = TableRow.Create(schema, values, written, seq);
                // Rows come in write order, so a repeated key (left by an interrupted rewrite) resolves to the newest.
                if (store.LoadedRow(row) is { } older) superseded.Add(older);
            }
        }
        if (!IsReadOnly)
            foreach (long seq in superseded) DeleteRow(id, seq);
    }

    /// <summary>
    /// Forgets list <paramref name="name"/>: its rows and its layout. The next open creates it anew from its
    /// defaults, whatever its schema is then. Refused while the list is open. Returns whether it was stored.
    /// </summary>
    public bool DropList(string name)
    {
        ThrowIfDisposed();
        ThrowIfFailed();
        if (IsReadOnly) throw new InvalidOperationException("the table store was opened read-only");
        if (_open.Contains(name)) throw new InvalidOperationException($"tabular list '{name}' is open; drop it before opening it");
        return DropListCore(name);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            // A clean close is a durable one: whatever the last batch holds is committed.
            if (_failure is null) CommitBatch();
        }
        finally
        {
            ReleaseWriteState();
            _connection?.Dispose();
            _lock?.Dispose();
        }
    }

    /// <summary>Closes without committing the open batch, as a crash would leave the store: for tests and failed opens.</summary>
    internal void Abandon()
    {
        if (_disposed) return;
        _disposed = true;
        ReleaseWriteState(); // disposing the open transaction rolls it back
        _connection?.Dispose();
        _lock?.Dispose();
    }

    private SqliteCommand Command(string sql)
    {
        var cmd = _connection!.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = _transaction;
        return cmd;
    }

    private static void Execute(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
