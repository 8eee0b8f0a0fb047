using Vigil.Language.Diagnostics;
using Vigil.Language.Text;
using YamlDotNet.RepresentationModel;

namespace Vigil.Tables;

// The 'fields' list: columns, the complex_key entry, and the effective primary key.
public static partial class TableSchemaLoader
{
    private sealed partial class Reader
    {
        private TextSpan _fieldsSpan;

        private void ReadFields(YamlNode fields)
        {
            _fieldsSpan = YamlNodes.Span(fields);
            if (fields is not YamlSequenceNode list)
            {
                Broken(DiagnosticFacts.TableValueShape(src, _fieldsSpan, "fields", "a list of columns such as '- ip: {type: String}'"));
                return;
            }
            var declared = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < list.Children.Count; i++)
            {
                var item = list.Children[i];
                if (item is not YamlMappingNode { Children.Count: 1 } entry
                    || entry.Children.First() is not (YamlScalarNode nameNode, var props)
                    || nameNode.Value is not { Length: > 0 } name)
                {
                    Broken(DiagnosticFacts.TableValueShape(src, YamlNodes.Span(item), "each entry of 'fields'", "a single column such as '- ip: {type: String}'"));
                    continue;
                }
                if (props is not YamlMappingNode properties)
                {
                    Broken(DiagnosticFacts.TableValueShape(src, YamlNodes.Span(props), name,
                        "a mapping of column properties (type, primaryKey, index, nullable, unique)"));
                    continue;
                }
                if (!declared.Add(name))
                {
                    Broken(DiagnosticFacts.DuplicateColumn(src, YamlNodes.Span(nameNode), name));
                    continue;
                }
                if (name == ComplexKeyName) ReadComposite(i, nameNode, properties);
                else ReadColumn(name, nameNode, properties);
            }
        }

        private void ReadColumn(string name, YamlScalarNode nameNode, YamlMappingNode properties)
        {
            var span = YamlNodes.Span(nameNode);
            if (!ColumnName.IsMatch(name)) Broken(DiagnosticFacts.InvalidColumnName(src, span, name));

            ColumnType? type = null;
            bool typeSeen = false, primaryKey = false, index = false, unique = false;
            // Absent 'nullable' means nullable: the permissive reading, and every corpus list writes it anyway.
            bool nullable = true;
            foreach (var (keyNode, value) in properties.Children)
            {
                string? key = (keyNode as YamlScalarNode)?.Value;
                switch (key)
                {
                    case "type":
                        typeSeen = true;
                        type = ParseColumnType(YamlNodes.ScalarText(value));
                        if (type is null)
                            Broken(DiagnosticFacts.UnknownColumnType(src, YamlNodes.Span(value), name, YamlNodes.ScalarText(value) ?? "(not text)"));
                        break;
                    case "primaryKey": primaryKey = Flag(name, key, value); break;
                    case "index": index = Flag(name, key, value); break;
                    case "nullable": nullable = Flag(name, key, value); break;
                    case "unique": unique = Flag(name, key, value); break;
                    default:
                        diags.Add(DiagnosticFacts.UnknownColumnProperty(src, YamlNodes.Span(keyNode), name, key ?? "(not text)"));
                        break;
                }
            }
            if (!typeSeen) Broken(DiagnosticFacts.ColumnWithoutType(src, span, name));
            // A column with a bad type is still recorded (as String) so default rows naming it do not cascade into
            // "unknown column" errors; the schema itself is not returned because the structure is broken.
            _columns.Add(new TableColumn(_columns.Count, name, type ?? ColumnType.String, primaryKey, index, nullable, unique, span));
        }

        private static ColumnType? ParseColumnType(string? text) => text switch
        {
            "String" => ColumnType.String,
            "Number" => ColumnType.Number,
            "DateTime" => ColumnType.DateTime,
            "Regex" => ColumnType.Regex,
            _ => null,
        };

        private void ReadComposite(int position, YamlScalarNode nameNode, YamlMappingNode properties)
        {
            var span = YamlNodes.Span(nameNode);
            if (position != 0) Broken(DiagnosticFacts.ComplexKeyNotFirst(src, span));

            List<YamlScalarNode>? fields = null;
            // Defaults follow what the vscode-xp editor writes for a complex_key.
            bool primaryKey = true, index = false, nullable = false, unique = true;
            foreach (var (keyNode, value) in properties.Children)
            {
                string? key = (keyNode as YamlScalarNode)?.Value;
                switch (key)
                {
                    case "type":
                        if (YamlNodes.ScalarText(value) != "composite")
                            Broken(DiagnosticFacts.InvalidCompositeFields(src, YamlNodes.Span(value), "its type must be 'composite'"));
                        break;
                    case "compositeFields":
                        if (value is YamlSequenceNode seq && seq.Children.Count > 0 && seq.Children.All(c => YamlNodes.ScalarText(c) is { Length: > 0 }))
                            fields = [.. seq.Children.Cast<YamlScalarNode>()];
                        else
                            Broken(DiagnosticFacts.InvalidCompositeFields(src, YamlNodes.Span(value), "'compositeFields' must be a non-empty list of column names"));
                        break;
                    case "primaryKey": primaryKey = Flag(ComplexKeyName, key, value); break;
                    case "index": index = Flag(ComplexKeyName, key, value); break;
                    case "nullable": nullable = Flag(ComplexKeyName, key, value); break;
                    case "unique": unique = Flag(ComplexKeyName, key, value); break;
                    default:
                        diags.Add(DiagnosticFacts.UnknownColumnProperty(src, YamlNodes.Span(keyNode), ComplexKeyName, key ?? "(not text)"));
                        break;
                }
            }
            if (fields is null)
            {
                if (!properties.Children.Any(p => (p.Key as YamlScalarNode)?.Value == "compositeFields"))
                    Broken(DiagnosticFacts.InvalidCompositeFields(src, span, "it has no 'compositeFields'"));
                return;
            }
            _composite = new CompositeDraft(fields, primaryKey, index, nullable, unique, span);
        }

        private bool Flag(string column, string key, YamlNode value)
        {
            if (YamlNodes.TryBool(value, out bool b)) return b;
            Broken(DiagnosticFacts.TableValueShape(src, YamlNodes.Span(value), key, $"true or false (column '{column}')"));
            return false;
        }

        /// <summary>
        /// The key as the PT build sees it: a primary complex_key's compositeFields, else the columns marked
        /// primaryKey (several of them without a complex_key are taken as a composite key, with a warning,
        /// since the editor would have written a complex_key for them). Empty when no key can be formed.
        /// </summary>
        private List<int> ResolvePrimaryKey(out CompositeKey? compositeKey)
        {
            compositeKey = null;
            var key = new List<int>();
            if (_composite is { } draft)
            {
                var ordinals = new List<int>();
                bool ok = true;
                foreach (var fieldNode in draft.Fields)
                {
                    string field = fieldNode.Value!;
                    int ordinal = _columns.FindIndex(c => c.Name == field);
                    if (ordinal < 0)
                    {
                        Broken(DiagnosticFacts.UnknownCompositeField(src, YamlNodes.Span(fieldNode), field));
                        ok = false;
                    }
                    else if (ordinals.Contains(ordinal))
                    {
                        Broken(DiagnosticFacts.InvalidCompositeFields(src, YamlNodes.Span(fieldNode), $"column '{field}' is listed twice"));
                        ok = false;
                    }
                    else ordinals.Add(ordinal);
                }
                if (!ok) return key;

                // PT's schema build rejects this (quoted in vscode-xp saveTableListCommand.ts): the composite
                // index already serves lookups by its leading column.
                var first = _columns[ordinals[0]];
                if (first.IsIndexed) Broken(DiagnosticFacts.FirstCompositeFieldIndexed(src, first.Span, first.Name));

                compositeKey = new CompositeKey(ordinals, draft.PrimaryKey, draft.Index, draft.Nullable, draft.Unique, draft.Span);
                if (draft.PrimaryKey)
                {
                    foreach (var c in _columns)
                        if (c.IsPrimaryKey && !ordinals.Contains(c.Ordinal))
                            Broken(DiagnosticFacts.ConflictingPrimaryKey(src, c.Span, c.Name));
                    key.AddRange(ordinals);
                    return key;
                }
            }

            key.AddRange(_columns.Where(c => c.IsPrimaryKey).Select(c => c.Ordinal));
            if (key.Count == 0)
            {
                if (!_structureBroken || _columns.Count > 0) Broken(DiagnosticFacts.NoPrimaryKey(src, _fieldsSpan));
            }
            else if (key.Count > 1)
                diags.Add(DiagnosticFacts.SeveralKeyColumns(src, _columns[key[1]].Span));
            return key;
        }
    }
}
