using Vigil.Tables.Persistence;

namespace Vigil.Tables;

public sealed partial class TableSet
{
    private TableStoreFile? _file;

    /// <summary>The store the lists live in, or null for a set in memory.</summary>
    public TableStoreFile? StoreFile => _file;

    /// <summary>Lists that were not stored before this open and so got their defaults now.</summary>
    public IReadOnlyList<string> CreatedLists { get; private set; } = [];

    /// <summary>
    /// Opens the lists of <paramref name="schemas"/> from the store in <paramref name="directory"/> (created if
    /// absent), every stored row loaded in write order. A list the store does not hold yet is created and filled
    /// with its defaults (at time 0, as <c>EventPipeline.NewTables</c> does); a stored list never gets its defaults
    /// again, so what users deleted or changed stays so. Lists stored but absent from <paramref name="schemas"/>
    /// are left untouched. Throws <see cref="TableStoreException"/> when the store is held by another process or
    /// a stored list's columns differ from its schema's (every such list is named). Dispose the set to commit.
    /// </summary>
    public static TableSet OpenPersistent(IEnumerable<TableSchema> schemas, string directory, TableStoreOptions? options = null)
    {
        var file = TableStoreFile.Open(directory, options);
        try
        {
            var set = new TableSet([]);
            var created = new List<string>();
            var mismatches = new List<string>();
            // A new list and its defaults are committed together: a crash in between must not leave a list that
            // exists (so never gets its defaults) but is empty.
            using (file.DeferCommits())
            {
                foreach (var schema in schemas)
                {
                    try
                    {
                        var store = file.OpenList(schema);
                        var data = new TableData(schema, store);
                        if (store.Created)
                        {
                            data.LoadDefaults(0);
                            created.Add(schema.Name);
                        }
                        set._tables[schema.Name] = data;
                    }
                    catch (TableLayoutException ex)
                    {
                        mismatches.Add(ex.Message);
                    }
                }
            }
            if (mismatches.Count > 0) throw new TableStoreException(string.Join(Environment.NewLine, mismatches));
            if (!file.IsReadOnly) file.Flush();
            set._file = file;
            set.CreatedLists = created;
            return set;
        }
        catch
        {
            file.Abandon(); // nothing of a failed open is kept
            throw;
        }
    }

    /// <summary>Commits every write so far to disk (nothing to do in memory).</summary>
    public void Flush() => _file?.Flush();

    /// <summary>Commits and closes the store of a persistent set; a set in memory has nothing to release.</summary>
    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }
}
