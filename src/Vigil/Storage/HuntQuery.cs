using System.Diagnostics;
using DuckDB.NET.Data;

namespace Vigil.Storage;

/// <summary>
/// Runs hunters' SQL against an event store opened read-only: a query can read every table and view
/// (<c>events</c>, <c>ev</c>, <c>rejects</c>, <c>sources</c>, <c>ingests</c>) and create temporary ones, but
/// cannot change the store. A script may hold several statements; all run in order and the result is the last one's.
/// Every failure is an <see cref="EventStoreException"/> carrying DuckDB's own message.
/// </summary>
public sealed class HuntQuery : IDisposable
{
    private readonly DuckDBConnection _connection;

    private HuntQuery(string path, DuckDBConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    public string Path { get; }

    /// <summary>Opens the store read-only; a missing file is reported as such rather than created empty.</summary>
    public static HuntQuery Open(string? path = null)
    {
        string full = System.IO.Path.GetFullPath(path ?? EventStore.DefaultPath);
        if (!File.Exists(full)) throw new EventStoreException($"no event store at {full}; run `vigil ingest` first");
        return new HuntQuery(full, EventStore.Connect(full, readOnly: true));
    }

    /// <summary>Reads a file of SQL, with a plain message when it cannot be read.</summary>
    public static string ReadSqlFile(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EventStoreException($"cannot read the SQL file {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Runs the script and streams the last statement's rows.</summary>
    public HuntCursor Execute(string sql)
    {
        string last = RunLeading(sql);
        return Guard(() =>
        {
            var cmd = new DuckDBCommand(last, _connection);
            try { return new HuntCursor(cmd, cmd.ExecuteReader()); }
            catch { cmd.Dispose(); throw; }
        });
    }

    /// <summary>Runs the script and buffers up to <paramref name="maxRows"/> rows of its result; the rest are counted.</summary>
    public HuntResult Run(string sql, int maxRows = int.MaxValue)
    {
        var sw = Stopwatch.StartNew();
        using var cursor = Execute(sql);
        var rows = new List<object?[]>();
        long total = 0;
        while (cursor.Read())
        {
            if (total++ < maxRows) rows.Add(cursor.GetRow());
        }
        return new HuntResult(cursor.Columns, rows, total, sw.Elapsed);
    }

    /// <summary>Writes the script's result to a Parquet file with DuckDB's <c>COPY … TO</c>; returns the rows written.</summary>
    public long CopyToParquet(string sql, string outputPath)
    {
        string last = RunLeading(sql);
        // Newlines around the query: a trailing -- comment in it must not swallow the closing parenthesis.
        return CopyStatement($"COPY (\n{last}\n) TO {SqlText.QuoteLiteral(System.IO.Path.GetFullPath(outputPath))} (FORMAT PARQUET)");
    }

    /// <summary>Runs one <c>COPY … TO</c> statement and returns the rows it wrote (DuckDB.NET reports them as rows affected).</summary>
    internal long CopyStatement(string copy) => Guard(() =>
    {
        using var cmd = new DuckDBCommand(copy, _connection);
        return (long)cmd.ExecuteNonQuery();
    });

    public void Dispose() => _connection.Dispose();

    /// <summary>Executes every statement but the last and returns the last.</summary>
    private string RunLeading(string sql)
    {
        var statements = SqlScript.Split(sql);
        if (statements.Count == 0) throw new EventStoreException("no SQL statement to run");
        for (int i = 0; i < statements.Count - 1; i++)
        {
            string statement = statements[i];
            Guard(() =>
            {
                using var cmd = new DuckDBCommand(statement, _connection);
                return cmd.ExecuteNonQuery();
            });
        }
        return statements[^1];
    }

    private static T Guard<T>(Func<T> f)
    {
        try { return f(); }
        catch (DuckDBException ex) { throw new EventStoreException(ex.Message, ex); }
    }
}
