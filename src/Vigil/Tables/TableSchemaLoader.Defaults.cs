using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Vigil.Events;
using Vigil.Language.Diagnostics;
using Vigil.Language.Text;
using YamlDotNet.RepresentationModel;

namespace Vigil.Tables;

// 'defaults: {PT: [...], LOC: [...]}': typed rows, each checked against the columns.
public static partial class TableSchemaLoader
{
    private sealed partial class Reader
    {
        private List<TableDefaultRow> ReadDefaults(YamlNode defaults, List<int> primaryKey)
        {
            var rows = new List<TableDefaultRow>();
            if (YamlNodes.IsNull(defaults)) return rows;
            if (defaults is not YamlMappingNode sets)
            {
                diags.Add(DiagnosticFacts.TableValueShape(src, YamlNodes.Span(defaults), "defaults", "a mapping such as 'PT: [ {column: value} ]'"));
                return rows;
            }

            // Vendor rows are applied before local ones so that a local row can replace a vendor row.
            var ordered = sets.Children
                .Select((kv, i) => (Key: kv.Key, Value: kv.Value, Name: (kv.Key as YamlScalarNode)?.Value ?? "", Order: i))
                .OrderBy(s => s.Name switch { TableDefaultRow.VendorSet => 0, TableDefaultRow.LocalSet => 1, _ => 2 })
                .ThenBy(s => s.Order);

            var seen = new Dictionary<RowKey, (string Set, int Line, int Index)>();
            foreach (var (keyNode, value, set, _) in ordered)
            {
                if (set is not (TableDefaultRow.VendorSet or TableDefaultRow.LocalSet))
                    diags.Add(DiagnosticFacts.UnknownDefaultsSet(src, YamlNodes.Span(keyNode), set));
                if (YamlNodes.IsNull(value)) continue;
                if (value is not YamlSequenceNode list)
                {
                    diags.Add(DiagnosticFacts.TableValueShape(src, YamlNodes.Span(value), set, "a list of rows such as '- column: value'"));
                    continue;
                }
                foreach (var item in list.Children)
                {
                    if (ReadRow(set, item) is not { } row) continue;
                    var key = RowKey.FromRow(row.Values.AsSpan(), CollectionsMarshal.AsSpan(primaryKey));
                    int line = src.GetPosition(row.Span.Start).Line;
                    if (seen.TryGetValue(key, out var earlier))
                    {
                        if (earlier.Set == set)
                        {
                            diags.Add(DiagnosticFacts.DefaultDuplicateKey(src, row.Span, key.ToString(), earlier.Line));
                            continue;
                        }
                        // Different sets: loading PT then LOC into one table lets the local row win, which is
                        // what a local override means; worth a warning, not a failure.
                        diags.Add(DiagnosticFacts.DefaultOverridesKey(src, row.Span, key.ToString(), set, earlier.Set));
                        rows[earlier.Index] = row;
                        seen[key] = (set, line, earlier.Index);
                        continue;
                    }
                    seen[key] = (set, line, rows.Count);
                    rows.Add(row);
                }
            }
            return rows;
        }

        /// <summary>One row; null (after reporting) when it cannot be stored as written.</summary>
        private TableDefaultRow? ReadRow(string set, YamlNode item)
        {
            var span = YamlNodes.Span(item);
            if (item is not YamlMappingNode mapping)
            {
                diags.Add(DiagnosticFacts.DefaultRowShape(src, span));
                return null;
            }
            // The row's span runs to the end of its last value, so the caret covers the row.
            if (mapping.Children.Count > 0)
                span = span.Union(YamlNodes.Span(mapping.Children.Last().Value));

            var values = new Value[_columns.Count];
            bool ok = true;
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                string column = (keyNode as YamlScalarNode)?.Value ?? "";
                int ordinal = _columns.FindIndex(c => c.Name == column);
                if (ordinal < 0)
                {
                    diags.Add(DiagnosticFacts.DefaultUnknownColumn(src, YamlNodes.Span(keyNode), _name ?? "", column));
                    ok = false;
                    continue;
                }
                if (!TryScalarValue(_columns[ordinal].Type, valueNode, out values[ordinal], out string? error))
                {
                    diags.Add(DiagnosticFacts.DefaultWrongType(src, YamlNodes.Span(valueNode), column, error!));
                    ok = false;
                }
            }
            if (!ok) return null;
            foreach (var c in _columns)
            {
                if (values[c.Ordinal].IsNull && !c.IsNullable)
                {
                    diags.Add(DiagnosticFacts.DefaultNullNotAllowed(src, span, c.Name));
                    ok = false;
                }
            }
            return ok ? new TableDefaultRow(set, ImmutableArray.Create(values), span) : null;
        }

        /// <summary>
        /// YAML scalars are text whatever their style (a plain 123 is not "more numeric" than "123" here):
        /// the column type decides the reading, so the same rules apply as for JSON test rows.
        /// </summary>
        private static bool TryScalarValue(ColumnType type, YamlNode node, out Value value, out string? error)
        {
            value = Value.Null;
            error = null;
            if (YamlNodes.IsNull(node)) return true;
            if (node is not YamlScalarNode scalar)
            {
                error = $"expected a single value, got a {(node is YamlSequenceNode ? "list" : "mapping")}";
                return false;
            }
            return ColumnValues.TryConvert(type, Value.String(scalar.Value ?? ""), out value, out error);
        }
    }
}
