using Vigil.Tables;

namespace Vigil.Tests.Tables;

public class TableSchemaRobustnessTests
{
    private const string Sample = """
        name: DCs
        type: 1
        fillType: CorrelationRule
        ttl: 86400
        maxSize: 100
        fields:
          - complex_key:
              type: composite
              compositeFields: [ip, hostname]
              primaryKey: true
          - ip: {type: String, nullable: false}
          - hostname: {type: String, index: true, nullable: false}
          - seen: {type: DateTime}
          - re: {type: Regex}
        defaults:
          PT:
            - {ip: 10.0.0.1, hostname: dc1, seen: "2024-01-01T00:00:00Z", re: 'a+b'}
          LOC:
            - ip: 10.0.0.2
              hostname: "dc2"
        """;

    /// <summary>Every prefix and thousands of seeded single-character edits: bad input must give diagnostics, not exceptions.</summary>
    [Fact]
    public void Truncated_or_mutated_yaml_never_throws()
    {
        for (int n = 0; n <= Sample.Length; n++) TableYaml.Load(Sample[..n]);

        const string alphabet = ":-[]{}'\"\t\n #&*!|>%@`,?abc1";
        var random = new Random(42);
        for (int i = 0; i < 2000; i++)
        {
            var chars = Sample.ToCharArray();
            int edits = 1 + random.Next(3);
            for (int e = 0; e < edits; e++) chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            var (schema, diags) = TableYaml.Load(new string(chars));
            Assert.True(schema is not null || diags.Any(d => d.IsError), "a null schema always comes with an error");
        }
    }
}
