namespace Vigil.Tables.Persistence;

/// <summary>
/// The table store cannot be used as asked: it is locked by another process, was written by a newer Vigil or is
/// not a table store, a stored list no longer fits its schema, or the disk refused a write. The message is meant
/// for the user as it is.
/// </summary>
public class TableStoreException : Exception
{
    public TableStoreException(string message) : base(message) { }
    public TableStoreException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A stored list whose columns or key differ from its schema's: its rows would be misread, so it is not opened.</summary>
public sealed class TableLayoutException : TableStoreException
{
    public TableLayoutException(string list, string storedLayout, string schemaLayout, string directory)
        : base($"tabular list '{list}' is stored in {directory} with [{storedLayout}] but its schema now declares [{schemaLayout}]; "
            + "the stored rows would be misread, so the list is not opened. Export its rows with the old schema "
            + $"(vigil table export {list}), then run 'vigil table clear {list} --reset' to start it anew from its defaults "
            + "and import what still fits")
    {
        List = list;
        StoredLayout = storedLayout;
        SchemaLayout = schemaLayout;
    }

    public string List { get; }
    public string StoredLayout { get; }
    public string SchemaLayout { get; }
}
