namespace Vigil.Storage;

/// <summary>Quoting for the few places Vigil builds SQL text itself (DDL, COPY targets).</summary>
public static class SqlText
{
    /// <summary>A double-quoted identifier: <c>subject.account.name</c> → <c>"subject.account.name"</c>.</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A single-quoted string literal (paths in COPY … TO, which takes no parameters).</summary>
    public static string QuoteLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
