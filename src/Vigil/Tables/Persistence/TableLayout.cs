using System.Text;

namespace Vigil.Tables.Persistence;

/// <summary>
/// The part of a schema that decides how stored rows are read back: column names and types in order, and which
/// columns form the key. It is stored with each list and compared on open. Everything else (ttl, maxSize, index,
/// nullable, defaults, fill type) can change between runs without touching stored rows: a smaller maxSize evicts
/// on the next insert, a shorter ttl expires on the next access.
/// </summary>
public static class TableLayout
{
    /// <summary><c>host String, count Number; key (host)</c>: readable, since it is shown when the layouts differ.</summary>
    public static string Describe(TableSchema schema)
    {
        var sb = new StringBuilder();
        foreach (var c in schema.Columns)
        {
            if (sb.Length > 0) sb.Append(", ");
            sb.Append(c.Name).Append(' ').Append(c.Type);
        }
        sb.Append("; key (");
        for (int i = 0; i < schema.PrimaryKey.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(schema.Columns[schema.PrimaryKey[i]].Name);
        }
        return sb.Append(')').ToString();
    }
}
