using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Vigil.Tables.Persistence;

// Batched writes. Every put and delete joins the open transaction; the batch is committed after
// TableStoreOptions.BatchSize writes, at the first write after MaxBatchAge, on Flush and on Dispose. A crash loses
// at most the open batch and never leaves part of one on disk (SQLite's WAL commit is atomic).
public sealed partial class TableStoreFile
{
    private SqliteTransaction? _transaction;
    private SqliteCommand? _put, _delete, _deleteList;
    private int _pending;
    private long _batchStarted;
    private int _deferred;
    private TableStoreException? _failure;

    /// <summary>Writes not committed yet.</summary>
    public int PendingWrites => _pending;

    /// <summary>Commits the open batch: after it returns, every write so far survives a crash or power cut.</summary>
    public void Flush()
    {
        ThrowIfDisposed();
        ThrowIfFailed();
        CommitBatch();
    }

    /// <summary>
    /// Holds commits until the returned scope ends, so a group of writes lands all together or not at all: a new
    /// list and its defaults must, or a crash between them would leave a list that never gets its defaults.
    /// </summary>
    internal IDisposable DeferCommits()
    {
        _deferred++;
        return new DeferScope(this);
    }

    private sealed class DeferScope(TableStoreFile file) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            file._deferred--;
        }
    }

    internal void PutRow(long list, long seq, byte[] data)
    {
        Write(ref _put, "INSERT OR REPLACE INTO rows (list, seq, data) VALUES ($list, $seq, $data)", cmd =>
        {
            cmd.Parameters["$list"].Value = list;
            cmd.Parameters["$seq"].Value = seq;
            cmd.Parameters["$data"].Value = data;
        });
    }

    internal void DeleteRow(long list, long seq)
    {
        Write(ref _delete, "DELETE FROM rows WHERE list = $list AND seq = $seq", cmd =>
        {
            cmd.Parameters["$list"].Value = list;
            cmd.Parameters["$seq"].Value = seq;
        });
    }

    internal void DeleteRows(long list)
    {
        Write(ref _deleteList, "DELETE FROM rows WHERE list = $list", cmd => cmd.Parameters["$list"].Value = list);
    }

    private long CreateList(string name, string layout)
    {
        long id = 0;
        SqliteCommand? insert = null;
        try
        {
            Write(ref insert, "INSERT INTO lists (name, layout, created) VALUES ($list, $layout, $created) RETURNING id", cmd =>
            {
                cmd.Parameters["$list"].Value = name;
                cmd.Parameters.AddWithValue("$layout", layout);
                cmd.Parameters.AddWithValue("$created", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            }, cmd => id = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture));
        }
        finally
        {
            insert?.Dispose();
        }
        return id;
    }

    private bool DropListCore(string name)
    {
        bool existed = false;
        SqliteCommand? drop = null;
        try
        {
            Write(ref drop, "DELETE FROM rows WHERE list IN (SELECT id FROM lists WHERE name = $list); DELETE FROM lists WHERE name = $list",
                cmd => cmd.Parameters["$list"].Value = name,
                cmd => existed = cmd.ExecuteNonQuery() > 0);
        }
        finally
        {
            drop?.Dispose();
        }
        return existed;
    }

    /// <summary>
    /// Runs one write in the open batch (starting one if needed). A failed write poisons the store: the lists in
    /// memory are then ahead of the disk, and carrying on would make the difference silent.
    /// </summary>
    private void Write(ref SqliteCommand? command, string sql, Action<SqliteCommand> bind, Action<SqliteCommand>? execute = null)
    {
        ThrowIfDisposed();
        ThrowIfFailed();
        if (IsReadOnly || _connection is null) throw new InvalidOperationException("the table store was opened read-only");
        try
        {
            if (_transaction is null)
            {
                _transaction = _connection.BeginTransaction();
                _batchStarted = Environment.TickCount64;
            }
            if (command is null)
            {
                command = _connection.CreateCommand();
                command.CommandText = sql;
                // Parameters are typed from their values: $list is a list id or, for the list table, a name.
                foreach (var name in new[] { "$list", "$seq", "$data" })
                    if (sql.Contains(name, StringComparison.Ordinal)) command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
            command.Transaction = _transaction;
            bind(command);
            if (execute is null) command.ExecuteNonQuery();
            else execute(command);
            _pending++;
            if (_deferred == 0 && (_pending >= _options.BatchSize || Environment.TickCount64 - _batchStarted >= (long)_options.MaxBatchAge.TotalMilliseconds))
                CommitBatch();
        }
        catch (SqliteException ex)
        {
            throw Fail(ex);
        }
    }

    private void CommitBatch()
    {
        if (_transaction is null) return;
        try
        {
            _transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw Fail(ex);
        }
        finally
        {
            _transaction?.Dispose();
            _transaction = null;
        }
        _pending = 0;
    }

    private TableStoreException Fail(SqliteException ex)
    {
        _failure = new TableStoreException($"writing tabular lists to {FilePath} failed: {ex.Message}. The lists changed since "
            + "the last commit are kept in memory only and no further write is accepted; restart from the stored state", ex);
        try
        {
            _transaction?.Dispose(); // roll back what the failed batch had
        }
        catch (SqliteException)
        {
            // The connection is already in trouble; the first error is the one to report.
        }
        _transaction = null;
        _pending = 0;
        return _failure;
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null) throw new TableStoreException(_failure.Message, _failure);
    }

    private void ReleaseWriteState()
    {
        _transaction?.Dispose();
        _transaction = null;
        _put?.Dispose();
        _delete?.Dispose();
        _deleteList?.Dispose();
    }
}
