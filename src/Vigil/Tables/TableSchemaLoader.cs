using System.Text.RegularExpressions;
using Vigil.Language.Diagnostics;
using Vigil.Language.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Tables;

/// <summary>
/// Reads a <c>table.tl</c> YAML file into a <see cref="TableSchema"/> with positioned diagnostics.
/// Returns a schema only when its structure (name, columns, primary key) is valid; a bad default row
/// is reported and dropped without discarding the list, so one typo does not disable every rule using it.
/// Never throws on bad input.
/// </summary>
public static partial class TableSchemaLoader
{
    /// <summary>table.tl files are a few KB; the cap keeps a stray large file from being parsed as YAML.</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    public static TableSchema? LoadFile(string path, DiagnosticBag diagnostics, string? displayPath = null)
    {
        string shown = displayPath ?? path;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                diagnostics.Add(DiagnosticFacts.FileTooLarge(shown, info.Length, MaxFileBytes));
                return null;
            }
            return Load(SourceText.FromFile(path, shown), diagnostics);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(DiagnosticFacts.CannotRead(shown, e.Message));
            return null;
        }
    }

    public static TableSchema? Load(SourceText source, DiagnosticBag diagnostics)
    {
        if (source.FirstNulOffset is var nul and >= 0)
        {
            diagnostics.Add(DiagnosticFacts.BinaryFile(source, nul));
            return null;
        }
        if (source.InvalidUtf8Offset >= 0) diagnostics.Add(DiagnosticFacts.InvalidUtf8(source, source.InvalidUtf8Offset));

        var stream = new YamlStream();
        var parser = new Parser(new StringReader(source.Text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            // YamlDotNet reports duplicate mapping keys this way too, at the repeated key.
            diagnostics.Add(DiagnosticFacts.YamlSyntax(source, At(e.Start.Index), YamlMessage(e)));
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            // Some malformed input (e.g. an empty mapping key after tabs) escapes YamlDotNet as a plain
            // exception; the parser's current event is the best position there is.
            diagnostics.Add(DiagnosticFacts.YamlSyntax(source, At(parser.Current?.Start.Index ?? 0), "malformed YAML structure"));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var span = stream.Documents.Count == 0 ? new TextSpan(0, 0) : YamlNodes.Span(stream.Documents[0].RootNode);
            diagnostics.Add(DiagnosticFacts.TableNotAMapping(source, span));
            return null;
        }
        if (stream.Documents.Count > 1)
            diagnostics.Add(DiagnosticFacts.MultipleYamlDocuments(source, YamlNodes.Span(stream.Documents[1].RootNode)));

        return new Reader(source, diagnostics).Read(root);
    }

    private static TextSpan At(long index) => new((int)Math.Clamp(index, 0, int.MaxValue), 1);

    /// <summary>YamlDotNet prefixes messages with "(Line: …, Col: …)"; the diagnostic already says where.</summary>
    private static string YamlMessage(YamlException e)
    {
        string m = e.Message;
        int close = m.StartsWith("(Line:", StringComparison.Ordinal) ? m.IndexOf("): ", StringComparison.Ordinal) : -1;
        return close >= 0 ? m[(close + 3)..] : m;
    }

    private sealed partial class Reader(SourceText src, DiagnosticBag diags)
    {
        private static readonly Regex TableName = new("^[A-Za-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);
        private static readonly Regex ColumnName = new("^[A-Za-z][A-Za-z0-9_.]*$", RegexOptions.CultureInvariant);
        private const string ComplexKeyName = "complex_key";

        // Set once something makes the structure unusable; default-row problems do not set it.
        private bool _structureBroken;

        private string? _name;
        private int _typeCode = 1;
        private TableFillType? _fillType;
        private bool _userCanEdit;
        private long _ttl, _maxSize, _typicalSize;
        private YamlNode? _typicalSizeNode;
        private readonly List<TableColumn> _columns = [];
        private CompositeDraft? _composite;

        /// <summary>complex_key as written, resolved to ordinals once every column is known.</summary>
        private sealed record CompositeDraft(List<YamlScalarNode> Fields, bool PrimaryKey, bool Index, bool Nullable, bool Unique, TextSpan Span);

        public TableSchema? Read(YamlMappingNode root)
        {
            YamlNode? fields = null, defaults = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in root.Children)
            {
                string? key = keyNode is YamlScalarNode k ? k.Value : null;
                if (key is not null) seen.Add(key);
                switch (key)
                {
                    case "name": ReadName(value); break;
                    case "type":
                        if (YamlNodes.TryNonNegativeInteger(value, out long t) && t <= int.MaxValue) _typeCode = (int)t;
                        else Broken(DiagnosticFacts.TableValueShape(src, YamlNodes.Span(value), "type", "an integer (1)"));
                        break;
                    case "fillType": ReadFillType(value); break;
                    case "userCanEditContent":
                        if (!YamlNodes.TryBool(value, out _userCanEdit))
                            Broken(DiagnosticFacts.TableValueShape(src, YamlNodes.Span(value), key, "true or false"));
                        break;
                    case "ttl": _ttl = ReadCount(key, value); break;
                    case "maxSize": _maxSize = ReadCount(key, value); break;
                    case "typicalSize": _typicalSize = ReadCount(key, value); _typicalSizeNode = value; break;
                    case "fields": fields = value; break;
                    case "defaults": defaults = value; break;
                    default:
                        diags.Add(DiagnosticFacts.UnknownTableKey(src, YamlNodes.Span(keyNode), key ?? "(not text)"));
                        break;
                }
            }

            var top = new TextSpan(0, 0);
            if (!seen.Contains("name")) Broken(DiagnosticFacts.TableMissingKey(src, top, "name"));
            if (!seen.Contains("fillType"))
                diags.Add(DiagnosticFacts.TableMissingKeyDefaulted(src, top, "fillType", "Registry"));
            if (_maxSize > 0 && _typicalSize > _maxSize)
                diags.Add(DiagnosticFacts.TypicalSizeAboveMax(src, YamlNodes.Span(_typicalSizeNode!), _typicalSize, _maxSize));

            if (fields is null) Broken(DiagnosticFacts.TableMissingKey(src, top, "fields"));
            else ReadFields(fields);

            var primaryKey = ResolvePrimaryKey(out var compositeKey);
            var defaultRows = defaults is null || _columns.Count == 0 || primaryKey.Count == 0
                ? []
                : ReadDefaults(defaults, primaryKey);

            if (_structureBroken || _name is null || primaryKey.Count == 0) return null;
            return new TableSchema(_name, _fillType ?? TableFillType.Registry, _columns, primaryKey, compositeKey, defaultRows,
                _typeCode, _userCanEdit, _ttl, _maxSize, _typicalSize, src);
        }

        private void Broken(Diagnostic d)
        {
            _structureBroken = true;
            diags.Add(d);
        }

        private void ReadName(YamlNode value)
        {
            var text = YamlNodes.ScalarText(value);
            if (text is null) Broken(DiagnosticFacts.TableValueShape(src, YamlNodes.Span(value), "name", "a name such as My_List"));
            else if (!TableName.IsMatch(text)) Broken(DiagnosticFacts.InvalidTableName(src, YamlNodes.Span(value), text));
            else _name = text;
        }

        private void ReadFillType(YamlNode value)
        {
            var text = YamlNodes.ScalarText(value);
            // Exact spelling (not Enum.TryParse, which takes numbers and "A, B"): the PT contract is closed,
            // and accepting variants would hide typos.
            _fillType = text switch
            {
                "Registry" => TableFillType.Registry,
                "CorrelationRule" => TableFillType.CorrelationRule,
                "EnrichmentRule" => TableFillType.EnrichmentRule,
                "AssetGrid" => TableFillType.AssetGrid,
                _ => null,
            };
            if (_fillType is null) Broken(DiagnosticFacts.UnknownFillType(src, YamlNodes.Span(value), text ?? "(not text)"));
        }

        private long ReadCount(string key, YamlNode value)
        {
            if (YamlNodes.TryNonNegativeInteger(value, out long n)) return n;
            Broken(DiagnosticFacts.TableValueShape(src, YamlNodes.Span(value), key, "a non-negative integer"));
            return 0;
        }
    }
}
