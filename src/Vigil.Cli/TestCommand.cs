using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using Vigil.KnowledgeBase;
using Vigil.Language.Diagnostics;
using Vigil.Testing;

namespace Vigil.Cli;

/// <summary><c>vigil test --kb PATH</c>: runs the knowledge base's own tests (normalization, correlation, enrichment).</summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var kbs = new Option<string[]>("--kb") { Description = "Knowledge-base folder whose tests to run (its formulas, rules, macros and lists are loaded)", Required = true, AllowMultipleArgumentsPerToken = true };
        var format = new Option<string>("--format") { Description = "text, or json (one object per test and line)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var subset = new Option<bool>("--subset") { Description = "Normalization tests: accept extra fields (lax; not what the ratchet uses)" };
        var filter = new Option<string?>("--filter") { Description = "Only tests whose path contains this text" };
        var kind = new Option<string?>("--kind") { Description = "Only one kind: normalization, correlation or enrichment" };
        kind.AcceptOnlyFromAmong("normalization", "correlation", "enrichment");
        var failuresOnly = new Option<bool>("--failures-only") { Description = "Text output: list only failing tests" };
        var cmd = new Command("test", "Run a knowledge base's own tests: raw_N.txt/norm_N.js, raw_events_N.json/test_conds_N.tc, test_N.sc")
        {
            kbs, format, subset, filter, kind, failuresOnly,
        };
        cmd.SetAction(p => Run(p.GetValue(kbs)!, p.GetValue(format)!, p.GetValue(subset), p.GetValue(filter), p.GetValue(kind), p.GetValue(failuresOnly)));
        return cmd;
    }

    private static int Run(string[] roots, string format, bool subset, string? filter, string? kindName, bool failuresOnly)
    {
        var sw = Stopwatch.StartNew();
        var kb = KnowledgeBaseLoader.Load(roots);
        if (kb.HasErrors)
        {
            foreach (var d in kb.Diagnostics.Where(d => d.IsError).Take(20)) Console.Error.WriteLine(d.Format());
            Console.Error.WriteLine($"vigil: the knowledge base has {kb.ErrorCount} error(s); fix them first (vigil check).");
            return ExitCodes.Errors;
        }
        var compiled = CompiledKnowledgeBase.Compile(kb);
        TestKind? kind = kindName is null ? null : Enum.Parse<TestKind>(kindName, ignoreCase: true);
        var results = new List<TestResult>();
        foreach (var root in roots)
        {
            var bag = new DiagnosticBag();
            results.AddRange(TestSuite.Run(root, compiled, new TestSuite.Options(subset, filter, kind), bag));
            foreach (var d in bag.Items) Console.Error.WriteLine(d.ToString());
        }
        sw.Stop();

        if (format == "json")
        {
            using var stdout = Console.OpenStandardOutput();
            var opts = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            foreach (var r in results)
            {
                using (var w = new Utf8JsonWriter(stdout, opts))
                {
                    w.WriteStartObject();
                    w.WriteString("test", r.Test.Replace('\\', '/'));
                    w.WriteString("kind", r.KindName);
                    w.WriteBoolean("passed", r.Passed);
                    w.WriteString("detail", r.Detail);
                    w.WriteEndObject();
                }
                stdout.WriteByte((byte)'\n');
            }
        }
        else
        {
            foreach (var r in results)
            {
                if (r.Passed)
                {
                    if (!failuresOnly) Console.WriteLine(Ansi.Color("PASS", Ansi.Green) + " " + r.Test);
                    continue;
                }
                Console.WriteLine(Ansi.Color("FAIL", Ansi.Red) + " " + r.Test);
                if (r.Detail.Length > 0) Console.WriteLine(Indent(r.Detail));
            }
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("kind").AddColumn(new TableColumn("passed").RightAligned()).AddColumn(new TableColumn("failed").RightAligned()).AddColumn(new TableColumn("pass rate").RightAligned());
            foreach (var g in results.GroupBy(r => r.Kind).OrderBy(g => g.Key))
            {
                int p = g.Count(r => r.Passed), f = g.Count() - p;
                table.AddRow(g.Key.ToString().ToLowerInvariant(), p.ToString(), f.ToString(), $"{100.0 * p / Math.Max(1, g.Count()):F1}%");
            }
            AnsiConsole.Write(table);
            int passed = results.Count(r => r.Passed);
            AnsiConsole.MarkupLineInterpolated($"{passed} of {results.Count} tests passed in {sw.Elapsed.TotalSeconds:F1} s");
        }
        return results.All(r => r.Passed) ? ExitCodes.Ok : ExitCodes.Errors;
    }

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(l => "    " + l));
}
