using Vigil.Events;
using Vigil.Tables;

namespace Vigil.Tests.CliTests;

/// <summary><c>vigil table …</c> run as a process over a synthetic knowledge base and a temporary table store.</summary>
public class TableCommandTests
{
    private const string Extensions = """
        name: Script_Extensions
        type: 1
        fillType: Registry
        userCanEditContent: true
        fields:
          - extension: {type: Regex, primaryKey: true, nullable: false}
          - note: {type: String, nullable: true}
        defaults:
          PT:
            - extension: \.ps1$
              note: powershell
          LOC:
            - extension: \.hta$
              note: html application
        """;

    private static string SessionsSchema(string hitsType = "Number") => $$"""
        name: Sessions
        type: 1
        fillType: CorrelationRule
        ttl: 86400
        maxSize: 1000
        fields:
          - complex_key:
              type: composite
              compositeFields: [ip, host]
              primaryKey: true
              nullable: false
          - ip: {type: String, nullable: false}
          - host: {type: String, nullable: false}
          - hits: {type: {{hitsType}}, nullable: true}
          - seen: {type: DateTime, nullable: true}
          - note: {type: String, nullable: true}
        """;

    private sealed record Store(string Kb, string Tables, string Dir)
    {
        public VigilCli.Result Run(params string[] args) => VigilCli.Run([.. args, "--kb", Kb, "--tables", Tables]);
        public string File(string name, string text)
        {
            var path = Path.Combine(Dir, name);
            System.IO.File.WriteAllText(path, text);
            return path;
        }
    }

    private static Store NewStore(string? sessions = null)
    {
        var dir = TestPaths.TempDir();
        var kb = Path.Combine(dir, "kb");
        WriteList(kb, "Script_Extensions", Extensions);
        WriteList(kb, "Sessions", sessions ?? SessionsSchema());
        return new Store(kb, Path.Combine(dir, "tables"), dir);
    }

    private static void WriteList(string kb, string name, string yaml)
    {
        Directory.CreateDirectory(Path.Combine(kb, "tabular_lists", name));
        File.WriteAllText(Path.Combine(kb, "tabular_lists", name, "table.tl"), yaml);
    }

    [Fact]
    public void Show_of_a_list_not_stored_yet_shows_its_defaults_without_creating_the_store()
    {
        var s = NewStore();
        var r = s.Run("table", "show", "Script_Extensions");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(@"\.ps1$", r.Stdout);
        Assert.Contains("powershell", r.Stdout);
        Assert.Contains("html application", r.Stdout);
        Assert.Contains("2 of 2 row(s) of Script_Extensions", r.Stdout);
        Assert.Contains("not stored yet", r.Stdout);
        Assert.False(Directory.Exists(s.Tables)); // a reading command writes nothing

        var json = s.Run("table", "show", "Script_Extensions", "--format", "json", "--where", "note=powershell");
        Assert.Equal(0, json.ExitCode);
        Assert.Equal("{\"extension\":\"\\\\.ps1$\",\"note\":\"powershell\"}", json.Stdout.Trim());
    }

    [Fact]
    public void List_shows_each_list_with_rows_fill_type_ttl_and_columns()
    {
        var s = NewStore();
        var before = s.Run("table", "list");
        Assert.Equal(0, before.ExitCode);
        Assert.Matches(@"Script_Extensions\s*│\s*Registry\s*│\s*2\s*│\s*not yet: defaults", before.Stdout);
        Assert.Matches(@"Sessions\s*│\s*CorrelationRule\s*│\s*0\s*│\s*not yet: defaults\s*│\s*1d\s*│\s*1,000", before.Stdout);
        Assert.Contains("ip String (key), host String (key), hits Number, seen DateTime, note String", before.Stdout);

        Assert.Equal(0, s.Run("table", "import", "Sessions", s.File("s.csv", "ip,host\n10.0.0.1,a\n")).ExitCode);
        var after = s.Run("table", "list");
        Assert.Matches(@"Sessions\s*│\s*CorrelationRule\s*│\s*1\s*│\s*yes", after.Stdout);
        Assert.Matches(@"Script_Extensions\s*│\s*Registry\s*│\s*2\s*│\s*not yet", after.Stdout); // only the imported list was opened
    }

    [Fact]
    public void Export_and_import_round_trip_through_the_cli()
    {
        var s = NewStore();
        var csv = s.File("in.csv", string.Join("\r\n",
            "ip,host,hits,seen,note",
            "10.0.0.1,a,1,2024-05-01T10:00:00.1234567Z,\"comma, \"\"quote\"\"\"",
            "10.0.0.1,b,,,\"\"",
            "10.0.0.2,\"multi",
            "line\",-3,1714521600,  spaced  ",
            ""));
        var imported = s.Run("table", "import", "Sessions", csv);
        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("imported 3 row(s) into Sessions (3 new, 0 updated)", imported.Stdout);

        var outFile = Path.Combine(s.Dir, "out.csv");
        var exported = s.Run("table", "export", "Sessions", "--output", outFile);
        Assert.Equal(0, exported.ExitCode);
        Assert.Contains("wrote 3 row(s) of Sessions", exported.Stderr);
        string first = File.ReadAllText(outFile);
        Assert.Contains("10.0.0.1,a,1,2024-05-01T10:00:00.1234567Z,\"comma, \"\"quote\"\"\"", first);
        Assert.Contains("10.0.0.1,b,,,\"\"", first); // null stays empty, the empty string stays quoted
        Assert.Contains("2024-05-01T00:00:00.0000000Z", first); // epoch seconds, typed as a time

        Assert.Equal(0, s.Run("table", "clear", "Sessions").ExitCode);
        Assert.Equal(0, s.Run("table", "import", "Sessions", outFile).ExitCode);
        Assert.Equal(first, s.Run("table", "export", "Sessions").Stdout);
    }

    [Fact]
    public void Import_reports_bad_rows_by_line_imports_the_good_ones_and_exits_1()
    {
        var s = NewStore();
        var csv = s.File("bad.csv", string.Join("\n",
            "ip,host,hits,seen",
            "10.0.0.1,a,1,",
            "10.0.0.2,b,lots,",
            "10.0.0.3,c,3,yesterday",
            "10.0.0.4,d,4",
            "10.0.0.5,e,5,2024-01-01",
            ""));
        var r = s.Run("table", "import", "Sessions", csv);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("imported 2 row(s) into Sessions", r.Stdout);
        Assert.Contains("bad.csv:3: column 'hits': expected a number, got text \"lots\"", r.Stderr);
        Assert.Contains("bad.csv:4: column 'seen': expected a date/time", r.Stderr);
        Assert.Contains("bad.csv:5: the record does not have one field per header column", r.Stderr);
        Assert.Contains("3 bad row(s) not imported", r.Stderr);
        Assert.Equal("10.0.0.1\n10.0.0.5", string.Join("\n", s.Run("table", "show", "Sessions", "--format", "json").Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("ip").GetString())));

        var header = s.Run("table", "import", "Sessions", s.File("h.csv", "ip,colour\n1,2\n"));
        Assert.Equal(1, header.ExitCode);
        Assert.Contains("h.csv:1: 'colour' is not a column of 'Sessions'", header.Stderr);
        Assert.Contains("nothing imported", header.Stderr);
    }

    [Fact]
    public void Delete_by_composite_key_and_clear_keep_defaults_away_until_reset()
    {
        var s = NewStore();
        s.Run("table", "import", "Sessions", s.File("s.csv", "ip,host\n10.0.0.1,a\n10.0.0.1,b\n"));
        var deleted = s.Run("table", "delete", "Sessions", "--key", "10.0.0.1", "--key", "b");
        Assert.Equal(0, deleted.ExitCode);
        Assert.Contains("deleted the row with ip=10.0.0.1, host=b from Sessions", deleted.Stdout);
        var again = s.Run("table", "delete", "Sessions", "--key", "10.0.0.1", "--key", "b");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("Sessions has no row with ip=10.0.0.1, host=b", again.Stderr);
        Assert.Equal(2, s.Run("table", "delete", "Sessions", "--key", "10.0.0.1").ExitCode); // one value for two key columns

        Assert.Contains("removed 2 row(s)", s.Run("table", "clear", "Script_Extensions").Stdout);
        Assert.Contains("0 of 0 row(s)", s.Run("table", "show", "Script_Extensions").Stdout);
        Assert.Contains("reset Script_Extensions: 2 default row(s)", s.Run("table", "clear", "Script_Extensions", "--reset").Stdout);
    }

    [Fact]
    public void A_changed_schema_is_refused_with_a_clear_message_until_the_list_is_reset()
    {
        var s = NewStore();
        Assert.Equal(0, s.Run("table", "import", "Sessions", s.File("s.csv", "ip,host,hits\n10.0.0.1,a,7\n")).ExitCode);
        WriteList(s.Kb, "Sessions", SessionsSchema(hitsType: "DateTime"));

        var show = s.Run("table", "show", "Sessions");
        Assert.Equal(1, show.ExitCode);
        Assert.Contains("tabular list 'Sessions' is stored in", show.Stderr);
        Assert.Contains("hits Number", show.Stderr);
        Assert.Contains("hits DateTime", show.Stderr);
        Assert.DoesNotContain("   at ", show.Stderr);
        Assert.Contains("OTHER COLUMNS", s.Run("table", "list").Stdout);

        Assert.Equal(0, s.Run("table", "clear", "Sessions", "--reset").ExitCode);
        Assert.Equal(0, s.Run("table", "show", "Sessions").ExitCode);
    }

    [Fact]
    public void Writing_commands_are_refused_while_another_process_writes_and_reading_ones_are_not()
    {
        var s = NewStore();
        var schemas = Vigil.KnowledgeBase.KnowledgeBaseLoader.Load([s.Kb]).TableSchemas;
        using var writer = TableSet.OpenPersistent(schemas, s.Tables);
        writer.Tables["Sessions"].Upsert([KeyValuePair.Create("ip", Value.String("10.9.9.9")), KeyValuePair.Create("host", Value.String("w"))], DateTime.UtcNow.Ticks);
        writer.Flush();

        var import = s.Run("table", "import", "Sessions", s.File("s.csv", "ip,host\n10.0.0.1,a\n"));
        Assert.Equal(1, import.ExitCode);
        Assert.Contains("in use by another process", import.Stderr);

        var show = s.Run("table", "show", "Sessions", "--format", "csv");
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("10.9.9.9,w", show.Stdout);
    }

    [Fact]
    public void Run_with_tables_stores_the_lists_with_their_defaults()
    {
        var s = NewStore();
        var run = VigilCli.RunWithInput("", "run", "--kb", s.Kb, "--tables", s.Tables, "-i", "-");
        Assert.Equal(0, run.ExitCode);
        var list = s.Run("table", "list");
        Assert.Matches(@"Script_Extensions\s*│\s*Registry\s*│\s*2\s*│\s*yes", list.Stdout);
    }
}
