using Vigil.Language.Text;

namespace Vigil.Language.Diagnostics;

// XP05xx: tabular list schemas (table.tl). Spec: correlation.md §9.
public static partial class DiagnosticFacts
{
    public static Diagnostic YamlSyntax(SourceText src, TextSpan span, string reason) =>
        E("XP0501", $"invalid YAML: {reason}", src, span);
    public static Diagnostic TableNotAMapping(SourceText src, TextSpan span) =>
        E("XP0502", "a tabular list must be a YAML mapping with at least 'name', 'fillType' and 'fields'", src, span);
    public static Diagnostic TableMissingKey(SourceText src, TextSpan span, string key) =>
        E("XP0503", $"tabular list has no '{key}'", src, span);
    public static Diagnostic TableMissingKeyDefaulted(SourceText src, TextSpan span, string key, string assumed) =>
        W("XP0527", $"tabular list has no '{key}'; assuming {assumed}", src, span);
    public static Diagnostic InvalidTableName(SourceText src, TextSpan span, string name) =>
        E("XP0504", $"tabular list name '{name}' must start with a letter and contain only letters, digits and '_'", src, span);
    public static Diagnostic UnknownTableKey(SourceText src, TextSpan span, string key) =>
        W("XP0505", $"unknown key '{key}' in tabular list; it is ignored", src, span);
    public static Diagnostic TableValueShape(SourceText src, TextSpan span, string key, string expected) =>
        E("XP0506", $"'{key}' must be {expected}", src, span);
    public static Diagnostic UnknownFillType(SourceText src, TextSpan span, string value) =>
        E("XP0507", $"unknown fillType '{value}'; expected Registry, CorrelationRule, EnrichmentRule or AssetGrid", src, span);
    public static Diagnostic InvalidColumnName(SourceText src, TextSpan span, string name) =>
        E("XP0508", $"column name '{name}' must start with a letter and contain only letters, digits, '_' and '.'", src, span);
    public static Diagnostic DuplicateColumn(SourceText src, TextSpan span, string name) =>
        E("XP0509", $"column '{name}' is declared more than once", src, span);
    public static Diagnostic UnknownColumnType(SourceText src, TextSpan span, string column, string type) =>
        E("XP0510", $"column '{column}' has unknown type '{type}'; expected String, Number, DateTime or Regex", src, span);
    public static Diagnostic NoPrimaryKey(SourceText src, TextSpan span) =>
        E("XP0511", "tabular list has no primary key: mark a column 'primaryKey: true' or add a 'complex_key'", src, span);
    public static Diagnostic UnknownCompositeField(SourceText src, TextSpan span, string column) =>
        E("XP0512", $"complex_key names column '{column}', which is not declared", src, span);
    public static Diagnostic ComplexKeyNotFirst(SourceText src, TextSpan span) =>
        E("XP0513", "'complex_key' must be the first entry of 'fields'", src, span);
    public static Diagnostic FirstCompositeFieldIndexed(SourceText src, TextSpan span, string column) =>
        E("XP0514", $"column '{column}' is the first item of the complex_key compositeFields, so it is already indexed; set 'index: false'", src, span);
    public static Diagnostic UnknownColumnProperty(SourceText src, TextSpan span, string column, string key) =>
        W("XP0515", $"unknown property '{key}' of column '{column}'; it is ignored", src, span);
    public static Diagnostic ConflictingPrimaryKey(SourceText src, TextSpan span, string column) =>
        E("XP0516", $"column '{column}' is marked primaryKey but is not in the complex_key compositeFields", src, span);
    public static Diagnostic SeveralKeyColumns(SourceText src, TextSpan span) =>
        W("XP0517", "several columns are marked primaryKey without a complex_key; they form a composite key in column order", src, span);
    public static Diagnostic UnknownDefaultsSet(SourceText src, TextSpan span, string set) =>
        W("XP0518", $"unknown defaults set '{set}' (expected PT or LOC); its rows are still loaded", src, span);
    public static Diagnostic DefaultUnknownColumn(SourceText src, TextSpan span, string table, string column) =>
        E("XP0519", $"default row sets column '{column}', which tabular list '{table}' does not declare", src, span);
    public static Diagnostic DefaultWrongType(SourceText src, TextSpan span, string column, string reason) =>
        E("XP0520", $"default value for column '{column}' is invalid: {reason}", src, span);
    public static Diagnostic DefaultNullNotAllowed(SourceText src, TextSpan span, string column) =>
        E("XP0521", $"column '{column}' is not nullable, but the default row leaves it empty", src, span);
    public static Diagnostic DefaultDuplicateKey(SourceText src, TextSpan span, string key, int firstLine) =>
        E("XP0522", $"default rows repeat the primary key {key} (first at line {firstLine})", src, span);
    public static Diagnostic DefaultOverridesKey(SourceText src, TextSpan span, string key, string set, string earlierSet) =>
        W("XP0528", $"{set} default row replaces the {earlierSet} row with primary key {key}", src, span);
    public static Diagnostic TypicalSizeAboveMax(SourceText src, TextSpan span, long typical, long max) =>
        W("XP0523", $"typicalSize {typical} is larger than maxSize {max}", src, span);
    public static Diagnostic DefaultRowShape(SourceText src, TextSpan span) =>
        E("XP0524", "a default row must be a mapping of column names to values", src, span);
    public static Diagnostic InvalidCompositeFields(SourceText src, TextSpan span, string reason) =>
        E("XP0525", $"invalid complex_key: {reason}", src, span);
    public static Diagnostic MultipleYamlDocuments(SourceText src, TextSpan span) =>
        W("XP0526", "file holds more than one YAML document; only the first is read", src, span);
    public static Diagnostic ColumnWithoutType(SourceText src, TextSpan span, string column) =>
        E("XP0529", $"column '{column}' has no 'type' (String, Number, DateTime or Regex)", src, span);
}
