using Vigil.Tables;

namespace Vigil.Tests.Tables;

/// <summary>Schemas and helpers shared by the table store tests.</summary>
internal static class StoreSchemas
{
    public static readonly long T0 = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc).Ticks;
    public static long At(int seconds) => T0 + seconds * TimeSpan.TicksPerSecond;

    public static TableSchema Parse(string yaml)
    {
        var (schema, diags) = TableYaml.Load(yaml);
        Assert.True(schema is not null && !diags.Any(d => d.IsError), string.Join("\n", diags));
        return schema!;
    }

    /// <summary>A rule-filled list: user key, a count, a host and a time; <paramref name="header"/> adds ttl/maxSize lines.</summary>
    public static TableSchema Logons(string header = "", string countType = "Number") => Parse($$"""
        name: Logons
        fillType: CorrelationRule
        {{header}}
        fields:
          - user: {type: String, primaryKey: true, nullable: false}
          - count: {type: {{countType}}, nullable: true}
          - host: {type: String, index: true, nullable: true}
          - last: {type: DateTime, nullable: true}
        """);

    public static TableSchema Sessions() => Parse("""
        name: Sessions
        fillType: CorrelationRule
        fields:
          - complex_key:
              type: composite
              compositeFields: [ip, host]
              primaryKey: true
              unique: true
              nullable: false
          - ip: {type: String, nullable: false}
          - host: {type: String, nullable: false}
          - hits: {type: Number, nullable: true}
        """);

    public static TableSchema Extensions() => Parse("""
        name: Script_Extensions
        fillType: Registry
        userCanEditContent: true
        fields:
          - extension: {type: Regex, primaryKey: true, nullable: false}
          - note: {type: String, nullable: true}
        defaults:
          PT:
            - extension: \.ps1$
              note: powershell
            - extension: \.vbs$
              note: vbscript
          LOC:
            - extension: \.js$
              note: jscript
        """);
}
