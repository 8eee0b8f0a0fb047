using System.Collections.Frozen;
using System.Collections.Immutable;
using Vigil.Language.Text;

namespace Vigil.Tables;

/// <summary>
/// A validated tabular list declaration (<c>table.tl</c>, correlation.md §9): immutable, so one
/// instance is shared by every <see cref="TableData"/> built from it.
/// </summary>
public sealed class TableSchema
{
    private readonly FrozenDictionary<string, TableColumn> _byName;

    public TableSchema(
        string name,
        TableFillType fillType,
        IEnumerable<TableColumn> columns,
        IEnumerable<int> primaryKey,
        CompositeKey? compositeKey = null,
        IEnumerable<TableDefaultRow>? defaults = null,
        int typeCode = 1,
        bool userCanEditContent = false,
        long ttlSeconds = 0,
        long maxSize = 0,
        long typicalSize = 0,
        SourceText? source = null)
    {
        Name = name;
        FillType = fillType;
        Columns = [.. columns];
        PrimaryKey = [.. primaryKey];
        if (PrimaryKey.IsEmpty) throw new ArgumentException("a table schema needs a primary key", nameof(primaryKey));
        foreach (int c in PrimaryKey)
            if ((uint)c >= (uint)Columns.Length) throw new ArgumentOutOfRangeException(nameof(primaryKey));
        CompositeKey = compositeKey;
        Defaults = defaults is null ? [] : [.. defaults];
        TypeCode = typeCode;
        UserCanEditContent = userCanEditContent;
        TtlSeconds = ttlSeconds;
        MaxSize = maxSize;
        TypicalSize = typicalSize;
        Source = source;
        _byName = Columns.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);
        IsKeyColumn = [.. Columns.Select(c => PrimaryKey.Contains(c.Ordinal))];
    }

    public string Name { get; }
    /// <summary>The <c>type:</c> number; always 1 in the corpus and its meaning is unknown (spec Q11).</summary>
    public int TypeCode { get; }
    public TableFillType FillType { get; }
    public bool UserCanEditContent { get; }
    /// <summary>Row lifetime in seconds after its last write; 0 = rows never expire.</summary>
    public long TtlSeconds { get; }
    /// <summary>Row limit; 0 = unbounded. When full, writing a new key evicts the least recently written row.</summary>
    public long MaxSize { get; }
    /// <summary>Expected row count, a sizing hint only.</summary>
    public long TypicalSize { get; }

    /// <summary>The columns in row order (the complex_key entry is not a column).</summary>
    public ImmutableArray<TableColumn> Columns { get; }
    public CompositeKey? CompositeKey { get; }
    /// <summary>Ordinals of the columns that form the primary key, in key order.</summary>
    public ImmutableArray<int> PrimaryKey { get; }
    /// <summary>Per column ordinal: whether the column is part of <see cref="PrimaryKey"/>.</summary>
    public ImmutableArray<bool> IsKeyColumn { get; }
    /// <summary>Typed default rows: vendor (PT) rows first, then local (LOC), then any other set, each in file order.</summary>
    public ImmutableArray<TableDefaultRow> Defaults { get; }
    /// <summary>The file the schema was read from, for positioned messages; null if built in code.</summary>
    public SourceText? Source { get; }

    public TimeSpan? Ttl => TtlSeconds > 0 ? TimeSpan.FromSeconds(TtlSeconds) : null;

    public bool TryGetColumn(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TableColumn column) =>
        _byName.TryGetValue(name, out column);

    /// <summary>The ordinal of column <paramref name="name"/>, or -1.</summary>
    public int ColumnOrdinal(string name) => _byName.TryGetValue(name, out var c) ? c.Ordinal : -1;

    public override string ToString() => $"{Name} ({string.Join(", ", Columns)})";
}
