using System.Collections.Frozen;
using System.Text.Json;

namespace Vigil.Events;

/// <summary>Storage type of a taxonomy field; decides how values written to it are coerced and serialized.</summary>
public enum FieldType : byte
{
    String,
    Number,
    Enum,
    Uuid,
    Ip,
    Mac,
    Bool,
    DateTime,
    ListString,
    ListUuid,
}

/// <summary>Dense index of a field in the taxonomy: the slot of a normalized event.</summary>
public readonly record struct FieldId(int Value)
{
    public static readonly FieldId None = new(-1);
    public bool IsValid => Value >= 0;
}

public sealed class FieldInfo
{
    internal FieldInfo(FieldId id, string name, FieldType type, string typeName, IReadOnlyList<string>? enumValues, bool auto, string description)
    {
        Id = id;
        Name = name;
        Type = type;
        TypeName = typeName;
        EnumValues = enumValues;
        EnumSet = enumValues?.ToFrozenSet(StringComparer.Ordinal);
        Auto = auto;
        Description = description;
    }

    public FieldId Id { get; }
    public string Name { get; }
    public FieldType Type { get; }
    public string TypeName { get; }
    public IReadOnlyList<string>? EnumValues { get; }
    public FrozenSet<string>? EnumSet { get; }
    /// <summary>Filled by the platform (collector, pipeline, correlator), not by normalization formulas.</summary>
    public bool Auto { get; }
    public string Description { get; }

    public override string ToString() => Name;
}

/// <summary>
/// The normalized-event schema: every field name with its type. Loaded once from the copy embedded in
/// the library (the product does not depend on ../shared); field names resolve to <see cref="FieldId"/>s
/// when rules compile, never per event.
/// </summary>
public sealed class Taxonomy
{
    private readonly FieldInfo[] _fields;
    private readonly FrozenDictionary<string, FieldInfo> _byName;
    private readonly FrozenDictionary<string, FieldInfo>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    /// <summary>Fields the engine itself emits that the taxonomy does not list (the rule name of a correlation event).</summary>
    public static readonly IReadOnlyList<(string Name, FieldType Type, string Description)> EngineFields =
    [
        ("_rule", FieldType.String, "name of the correlation rule that produced this event (engine field)"),
    ];

    private static readonly Lazy<Taxonomy> s_default = new(LoadEmbedded);

    public static Taxonomy Default => s_default.Value;

    private Taxonomy(List<FieldInfo> fields)
    {
        _fields = fields.ToArray();
        _byName = fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        _bySpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
        Time = Require("time");
        CorrelationName = Require("correlation_name");
    }

    public IReadOnlyList<FieldInfo> Fields => _fields;
    public int Count => _fields.Length;
    public FieldInfo this[FieldId id] => _fields[id.Value];

    /// <summary>Well-known ids the engine uses directly.</summary>
    public FieldId Time { get; }
    public FieldId CorrelationName { get; }

    public bool TryGetField(string name, out FieldInfo field) => _byName.TryGetValue(name, out field!);
    public bool TryGetField(ReadOnlySpan<char> name, out FieldInfo field) => _bySpan.TryGetValue(name, out field!);

    public FieldId Require(string name) =>
        _byName.TryGetValue(name, out var f) ? f.Id : throw new InvalidOperationException($"taxonomy has no field '{name}'");

    public static Taxonomy Load(Stream json)
    {
        using var doc = JsonDocument.Parse(json);
        var names = new List<(string Name, JsonElement Def)>();
        foreach (var p in doc.RootElement.GetProperty("fields").EnumerateObject()) names.Add((p.Name, p.Value));
        foreach (var (name, _, _) in EngineFields) names.RemoveAll(n => n.Name == name);
        names.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        var fields = new List<FieldInfo>(names.Count + EngineFields.Count);
        foreach (var (name, def) in names)
        {
            string typeName = def.GetProperty("type").GetString() ?? "string";
            var type = ParseType(typeName);
            string[]? values = def.TryGetProperty("values", out var v) ? v.EnumerateArray().Select(x => x.GetString()!).ToArray() : null;
            bool auto = def.TryGetProperty("auto", out var a) && a.ValueKind == JsonValueKind.True;
            string desc = def.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";
            fields.Add(new FieldInfo(new FieldId(fields.Count), name, type, typeName, values, auto, desc));
        }
        foreach (var (name, type, desc) in EngineFields)
            fields.Add(new FieldInfo(new FieldId(fields.Count), name, type, "string", null, true, desc));
        return new Taxonomy(fields);
    }

    private static Taxonomy LoadEmbedded()
    {
        using var s = typeof(Taxonomy).Assembly.GetManifestResourceStream("Vigil.taxonomy.json")
            ?? throw new InvalidOperationException("embedded taxonomy.json is missing from the Vigil assembly");
        return Load(s);
    }

    private static FieldType ParseType(string t) => t switch
    {
        "string" => FieldType.String,
        "number" => FieldType.Number,
        "enum" => FieldType.Enum,
        "uuid" => FieldType.Uuid,
        "ip" => FieldType.Ip,
        "mac" => FieldType.Mac,
        "bool" => FieldType.Bool,
        "datetime" => FieldType.DateTime,
        "list<string>" => FieldType.ListString,
        "list<uuid>" => FieldType.ListUuid,
        _ => FieldType.String,
    };
}
