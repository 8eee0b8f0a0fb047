using Vigil.Language.Text;

namespace Vigil.Tables;

/// <summary>
/// One declared column of a tabular list, at position <see cref="Ordinal"/> in row order.
/// <see cref="IsPrimaryKey"/> is the column's own flag as written; the effective key is
/// <see cref="TableSchema.PrimaryKey"/> (a complex_key moves key membership out of the columns).
/// </summary>
public sealed record TableColumn(
    int Ordinal,
    string Name,
    ColumnType Type,
    bool IsPrimaryKey,
    bool IsIndexed,
    bool IsNullable,
    bool IsUnique,
    TextSpan Span)
{
    public override string ToString() => $"{Name}: {Type}";
}

/// <summary>
/// The synthetic <c>complex_key</c> entry: a composite key over <see cref="Fields"/>
/// (column ordinals, in the order written). It is not a column and holds no value of its own.
/// </summary>
public sealed record CompositeKey(
    IReadOnlyList<int> Fields,
    bool IsPrimaryKey,
    bool IsIndexed,
    bool IsNullable,
    bool IsUnique,
    TextSpan Span);
