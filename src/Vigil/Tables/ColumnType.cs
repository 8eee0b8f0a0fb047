namespace Vigil.Tables;

/// <summary>The value types a tabular list column can hold (correlation.md §9).</summary>
public enum ColumnType : byte
{
    String,
    /// <summary>Integers (JSON numbers with a fraction are kept as doubles).</summary>
    Number,
    /// <summary>An instant, stored as UTC ticks.</summary>
    DateTime,
    /// <summary>A pattern: the row keeps its text (what <c>select_query_first</c> returns) and a compiled form.</summary>
    Regex,
}

/// <summary>Who fills a tabular list.</summary>
public enum TableFillType : byte
{
    /// <summary>A reference list filled by users and by its defaults.</summary>
    Registry,
    /// <summary>Filled at run time by correlation rules (<c>insert_into</c>); has ttl/maxSize.</summary>
    CorrelationRule,
    /// <summary>Filled at run time by enrichment rules; has ttl/maxSize.</summary>
    EnrichmentRule,
    /// <summary>A reputation list; accepted but not otherwise special.</summary>
    AssetGrid,
}
