using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using Vigil.KnowledgeBase;
using Vigil.Language.Diagnostics;

namespace Vigil.Cli;

/// <summary><c>vigil check PATH…</c>: parse and bind every file of a knowledge base and report diagnostics.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path") { Description = "Knowledge-base folder(s) or single rule file(s)", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "Output format: text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var stats = new Option<bool>("--stats") { Description = "Print the time taken" };
        var noWarnings = new Option<bool>("--no-warnings") { Description = "Only print errors (warnings are still counted)" };
        var cmd = new Command("check", "Parse and bind a knowledge base: formulas, rules, enrichments, macros, tabular lists") { paths, format, stats, noWarnings };
        cmd.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(format)!, parse.GetValue(stats), parse.GetValue(noWarnings)));
        return cmd;
    }

    private static int Run(string[] paths, string format, bool stats, bool noWarnings)
    {
        var sw = Stopwatch.StartNew();
        var kb = KnowledgeBaseLoader.Load(paths);
        sw.Stop();
        var shown = kb.Diagnostics.Where(d => !noWarnings || d.Severity == Severity.Error).ToList();

        if (format == "json")
        {
            using var stdout = Console.OpenStandardOutput();
            using var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            w.WriteStartObject();
            w.WriteStartObject("files");
            foreach (var (kind, count) in kb.FileCounts) w.WriteNumber(kind.ToString().ToLowerInvariant(), count);
            w.WriteEndObject();
            w.WriteNumber("errors", kb.ErrorCount);
            w.WriteNumber("warnings", kb.WarningCount);
            if (stats) w.WriteNumber("elapsed_ms", sw.Elapsed.TotalMilliseconds);
            w.WriteStartArray("diagnostics");
            foreach (var d in shown) DiagnosticJson.Write(w, d);
            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            stdout.WriteByte((byte)'\n');
        }
        else
        {
            foreach (var d in shown) Console.WriteLine(d.Format());
            if (shown.Count > 0) Console.WriteLine();
            var table = new Table().Border(TableBorder.Rounded).AddColumn("kind").AddColumn(new TableColumn("files").RightAligned());
            foreach (var (kind, count) in kb.FileCounts) table.AddRow(ContentKinds.Describe(kind), count.ToString("N0"));
            AnsiConsole.Write(table);
            string verdict = kb.ErrorCount == 0 ? "[green]OK[/]" : "[red]FAILED[/]";
            AnsiConsole.MarkupLine($"{verdict}: {kb.ErrorCount} error(s), {kb.WarningCount} warning(s)");
            if (stats) AnsiConsole.MarkupLine($"loaded {kb.FileCounts.Values.Sum():N0} files in {sw.Elapsed.TotalMilliseconds:N0} ms");
        }
        return kb.HasErrors ? ExitCodes.Errors : ExitCodes.Ok;
    }
}

internal static class DiagnosticJson
{
    public static void Write(Utf8JsonWriter w, Diagnostic d)
    {
        var p = d.Position;
        w.WriteStartObject();
        w.WriteString("path", d.Path);
        w.WriteNumber("line", p.Line);
        w.WriteNumber("column", p.Column);
        w.WriteString("severity", d.Severity.ToString().ToLowerInvariant());
        w.WriteString("code", d.Code);
        w.WriteString("message", d.Message);
        w.WriteEndObject();
    }
}

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Errors = 1;
    public const int Usage = 2;
}
