using Vigil.Events;
using Vigil.Runtime;
using static Vigil.Tests.Runtime.Fn;

namespace Vigil.Tests.Runtime;

public class PatternFunctionTests
{
    [Fact]
    public void Match_is_a_whole_string_glob()
    {
        Assert.True(Bool("match", S("c:\\windows\\system32\\services.exe"), S("?:\\windows\\system32\\services.exe")));
        Assert.True(Bool("match", S("c:\\windows\\system32\\cmd.exe"), S("*\\system32\\*")));
        Assert.False(Bool("match", S("c:\\windows\\system32\\cmd.exe"), S("system32")));
        Assert.True(Bool("match", S("abc"), S("a*")));
        Assert.True(Bool("match", S(""), S("*")));
        Assert.False(Bool("match", S(""), S("?")));
        Assert.True(Bool("match", S("aXbXc"), S("a*b*c")));
        Assert.False(Bool("match", S("aXbXcX"), S("a*b*c")));
        Assert.False(Bool("match", S("Abc"), S("abc")));
        Assert.True(Bool("match", S("mississippi"), S("*sip*")));
    }

    [Fact]
    public void Match_supports_character_classes_and_literal_brackets()
    {
        Assert.True(Bool("match", S("file7.log"), S("file[0-9].log")));
        Assert.False(Bool("match", S("fileX.log"), S("file[0-9].log")));
        Assert.True(Bool("match", S("fileX.log"), S("file[!0-9].log")));
        Assert.True(Bool("match", S("a]"), S("a[]]")));
        Assert.True(Bool("match", S("a[b"), S("a[b")));
        Assert.True(Bool("match", S("b"), S("[abc]")));
    }

    [Fact]
    public void Match_lets_wildcards_span_line_breaks()
    {
        Assert.True(Bool("match", S("powershell\r\n-enc AAA"), S("*-enc*")));
        Assert.True(Bool("match", S("a\nb"), S("a?b")));
    }

    [Fact]
    public void Match_of_null_is_null()
    {
        Assert.Null(Bool("match", Null, S("*")));
        Assert.Null(Bool("match", S("x"), Null));
    }

    [Fact]
    public void Match_has_no_exponential_blowup()
    {
        var text = S(new string('a', 5000));
        Assert.False(Bool("match", text, S("*a*a*a*a*a*a*a*a*b")));
    }

    [Fact]
    public void Replace_uses_subject_replacement_pattern_argument_order()
    {
        // TeamCity: replace($time, ".", ",") turns "…:20,116" into "…:20.116".
        Assert.Equal("2021-07-05 11:44:56.539", Str("replace", S("2021-07-05 11:44:56,539"), S("."), S(",")));
        Assert.Equal("Invoke-WebRequest", Str("replace", S("In^vok^e-We^^bRe^que^st"), S(""), S("^")));
        Assert.Equal("add-user", Str("replace", S("add user"), S("-"), S(" ")));
        Assert.Equal("same", Str("replace", S("same"), S("x"), S("zzz")));
    }

    [Fact]
    public void Replace_with_max_stops_after_that_many_replacements()
    {
        Assert.Equal("a-b-c d", Str("replace", S("a b c d"), S("-"), S(" "), N(2)));
        Assert.Equal("a-b-c-d", Str("replace", S("a b c d"), S("-"), S(" "), N(0)));
        Assert.Equal("x.b.c", Str("replace", S("a.b.c"), S("x"), S("?"), N(1)));
    }

    [Fact]
    public void Replace_with_glob_strips_the_sysmon_wmi_consumer_prefix()
    {
        // WEL/Sysmon/21 test 1: $nameConsumer = replace(object.name, "", "*=??", 10) then strip(…, "", "\"").
        var name = S("root\\\\subscription:LogFileEventConsumer.Name=\\\"ServiceConsumer\\\"");
        var replaced = Call("replace", name, S(""), S("*=??"), N(10));
        Assert.Equal("ServiceConsumer\\\"", replaced.AsString);
        Assert.Equal("ServiceConsumer", Str("strip", replaced, S(""), S("\\\"")));
    }

    [Fact]
    public void Replace_with_class_removes_line_breaks()
    {
        Assert.Equal("ab cd", Str("replace", S("a\r\nb c\nd"), S(""), S("[\n\r]")));
        Assert.Equal("a_b_2", Str("replace", S("a1b22"), S("_"), S("[0-9]"), N(2)));
        Assert.Equal("x1x2", Str("replace", S("a1b2"), S("x"), S("[!0-9]")));
    }

    [Theory]
    [InlineData(
        "CommandInvocation(Get-Process): \"Get-Process\"\r\nParameterBinding(Get-Process): name=\"Name\"; value=\"lsass\"\r\nCommandInvocation(Select-Object): \"Select-Object\"\r\nParameterBinding(Select-Object): name=\"Property\"; value=\"*\"\r\nParameterBinding(Select-Object): name=\"InputObject\"; value=\"System.Diagnostics.Process (lsass)\"",
        "\"Get-Process\" -Name \"lsass\" | \"Select-Object\" -Property \"*\" -InputObject \"System.Diagnostics.Process (lsass)\"")]
    [InlineData(
        "CommandInvocation(Get-Command): \"Get-Command\"\r\nParameterBinding(Get-Command): name=\"ErrorAction\"; value=\"Ignore\"\r\nParameterBinding(Get-Command): name=\"Name\"; value=\".\\get-addefaultdomainpasswordpolicy\"\r\nNonTerminatingError(Get-Command): \"The term '.\\get-addefaultdomainpasswordpolicy' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.\"\r\nCommandInvocation(Get-Command): \"Get-Command\"",
        "\"Get-Command\" -ErrorAction \"Ignore\" -Name \".\\get-addefaultdomainpasswordpolicy\" | \"Get-Command\"")]
    [InlineData(
        "CommandInvocation(Invoke-Expression): \"Invoke-Expression\"\r\nParameterBinding(Invoke-Expression): name=\"Command\"; value=\"(get-location).path\nif (!$?) { if($LASTEXITCODE) { exit $LASTEXITCODE } else { exit 1 } }\"\r\nCommandInvocation(Out-String): \"Out-String\"\r\nParameterBinding(Out-String): name=\"Stream\"; value=\"True\"\r\nParameterBinding(Out-String): name=\"InputObject\"; value=\"C:\\Users\\danil\\Documents\"",
        "\"Invoke-Expression\" -Command \"(get-location).pathif (!$?) { if($LASTEXITCODE) { exit $LASTEXITCODE } else { exit 1 } }\" | \"Out-String\" -Stream \"True\" -InputObject \"C:\\Users\\danil\\Documents\"")]
    [InlineData(
        "CommandInvocation(New-Object): \"New-Object\"\r\nParameterBinding(New-Object): имя=\"TypeName\"; значение=\"System.Collections.Generic.HashSet[string]\"\r\nParameterBinding(New-Object): имя=\"ArgumentList\"; значение=\"\"\r\nTerminatingError(New-Object): \"Обнаружено несколько неоднозначных перегрузок для \"HashSet`1\", число аргументов: \"1\".\"",
        "\"New-Object\" -TypeName \"System.Collections.Generic.HashSet[string]\" -ArgumentList \"\"")]
    public void Replace_globs_rebuild_the_powershell_4103_command_line(string payload, string expected)
    {
        // The function chain of WEL/Common/PowerShell/4103_Pipeline_executed (tests 4, 11, 12, 10).
        var x = Call("replace", S(payload), S(" |"), S("CommandInvocation(*):"));
        x = Call("replace", x, S(""), S("ParameterBinding(*):"));
        x = Call("replace", x, S(""), S("NonTerminatingError(*"));
        x = Call("replace", x, S(""), S("TerminatingError(*"));
        if (!Call("find_substr", x, S("name=\"")).IsNull)
        {
            x = Call("join", Call("csv", x, S("name=\""), S("")), S("-"));
            x = Call("join", Call("csv", x, S("\"; value="), S("")), S(" "));
        }
        else if (!Call("find_substr", x, S("имя")).IsNull)
        {
            x = Call("join", Call("csv", x, S("имя=\""), S("")), S("-"));
            x = Call("join", Call("csv", x, S("\"; значение="), S("")), S(" "));
        }
        x = Call("replace", x, S(""), S("[\n\r]"));
        x = Call("strip", x, S(" "), S(""));
        Assert.Equal(expected, Str("strip", x, S("| "), S("")));
    }

    [Fact]
    public void Replace_of_null_is_null_and_odd_patterns_change_nothing()
    {
        Assert.Null(Str("replace", Null, S(""), S("x")));
        Assert.Null(Str("replace", S("x"), Null, S("x")));
        Assert.Null(Str("replace", S("x"), S(""), Null));
        Assert.Equal("abc", Str("replace", S("abc"), S("-"), S("")));
        Assert.Equal("-", Str("replace", S("abc"), S("-"), S("*"), N(0))); // empty matches are never replaced
        Assert.Equal("a[b", Str("replace", S("a[b"), S("-"), S("[z-a]")));
        Assert.Equal("a-b", Str("replace", S("a[b"), S("-"), S("[")));
    }

    [Fact]
    public void Replace_treats_regex_metacharacters_in_globs_as_literals()
    {
        Assert.Equal("x", Str("replace", S("a.b(c)+$"), S("x"), S("a.b(c)+$")));
        Assert.Equal("ab", Str("replace", S("a\\b"), S(""), S("\\")));
        Assert.Equal("X", Str("replace", S("a.b(c)+$"), S("X"), S("a*$")));
    }

    [Fact]
    public void Regex_returns_the_first_match_or_a_group()
    {
        Assert.Equal(".vba", Str("regex", S("c:\\windows\\temp\\payload.vba"), S("\\.(js|vba|vbs)"), N(0)));
        Assert.Equal("vba", Str("regex", S("c:\\windows\\temp\\payload.vba"), S("\\.(js|vba|vbs)"), N(1)));
        Assert.Equal("dwm-12", Str("regex", S("dwm-12"), S("^dwm-\\d{1,4}$"), N(0)));
        Assert.Null(Str("regex", S("dwm-12345"), S("^dwm-\\d{1,4}$"), N(0)));
        Assert.Null(Str("regex", S("payload.exe"), S("\\.(js|vba)"), N(0)));
        Assert.Equal("4572", Str("regex", S("procdump -ma 4572"), S("\\d+")));
    }

    [Fact]
    public void Regex_digit_and_word_classes_are_ascii_like_re2()
    {
        Assert.Null(Str("regex", S("٣"), S("\\d"), N(0))); // Arabic-Indic digit: \d in .NET, not in RE2
        Assert.Equal("a_1", Str("regex", S("é a_1"), S("\\w+"), N(0)));
        Assert.Equal(" ", Str("regex", S("a b"), S("\\s"), N(0)));
        Assert.Equal("x9", Str("regex", S("x9"), S("[\\d\\w]+"), N(0)));
        Assert.Equal(".exe", Str("regex", S("a.b .exe"), S("\\.\\S{2,6}$"), N(0)));
    }

    [Fact]
    public void Regex_dollar_means_end_of_text_unless_multiline()
    {
        Assert.Null(Str("regex", S("abc\n"), S("abc$"), N(0)));
        Assert.Equal("abc", Str("regex", S("abc\nx"), S("(?m)abc$"), N(0)));
    }

    [Fact]
    public void Regex_numbers_named_groups_in_order_like_re2()
    {
        const string re = "(?P<user>\\w+)@(\\w+)";
        Assert.Equal("alice", Str("regex", S("alice@corp"), S(re), N(1)));
        Assert.Equal("corp", Str("regex", S("alice@corp"), S(re), N(2)));
        Assert.Equal("alice", Str("regex", S("alice@corp"), S(re), S("user")));
        Assert.Null(Str("regex", S("alice@corp"), S(re), N(3)));
        Assert.Null(Str("regex", S("alice@corp"), S(re), S("nope")));
    }

    [Fact]
    public void Regex_supports_posix_classes_quoting_and_hex_escapes()
    {
        Assert.Equal("abc", Str("regex", S("123abc"), S("[[:alpha:]]+"), N(0)));
        Assert.Equal("a.b", Str("regex", S("xa.by"), S("\\Qa.b\\E"), N(0)));
        Assert.Equal("A", Str("regex", S("xAy"), S("\\x{41}"), N(0)));
        Assert.Equal("é", Str("regex", S("é"), S("\\pL"), N(0)));
        Assert.Equal("\0", Str("regex", S("a\0b"), S("\\0"), N(0)));
    }

    [Fact]
    public void Regex_with_a_bad_pattern_or_null_argument_is_null_never_an_exception()
    {
        Assert.Null(Str("regex", S("abc"), S("(unclosed"), N(0)));
        Assert.Null(Str("regex", S("abc"), S("[a-"), N(0)));
        Assert.Null(Str("regex", S("abc"), S("a\\"), N(0)));
        Assert.Null(Str("regex", S("aa"), S("(a)\\1"), N(0))); // backreferences are not RE2
        Assert.Null(Str("regex", S("aa"), S("(?P<x>a)(?P=x)"), N(0)));
        Assert.Null(Str("regex", Null, S("a"), N(0)));
        Assert.Null(Str("regex", S("a"), Null, N(0)));
        Assert.Null(Str("regex", S("a"), S("a"), Null));
        Assert.Null(Str("regex", S("a"), S("a"), N(-1)));
    }

    [Fact]
    public void Regex_resists_patterns_that_are_catastrophic_for_backtracking()
    {
        var text = S(new string('a', 40) + "!");
        // The linear-time engine is chosen when the pattern allows it (RE2 patterns always do).
        Assert.True(PatternCache.GetRe2("^(a+)+$")!.Regex.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
        Assert.Null(Str("regex", text, S("^(a+)+$"), N(0)));
        Assert.Null(Str("regex", text, S("^(a|aa)+$"), N(1)));
    }

    [Fact]
    public void Regex_caches_compiled_patterns()
    {
        var a = PatternCache.GetRe2("cache-me-\\d+");
        var b = PatternCache.GetRe2("cache-me-\\d+");
        Assert.NotNull(a);
        Assert.Same(a, b);
        Assert.Null(PatternCache.GetRe2("(bad"));
        Assert.True(PatternCache.IsMatch("x.exe", ".*\\.exe"));
        Assert.False(PatternCache.IsMatch("x.dll", "\\.exe$"));
        Assert.Null(PatternCache.IsMatch("x", "(bad"));
    }

    [Fact]
    public void Regex_matches_the_smbexec_service_command_with_quoted_literals()
    {
        // Smbexec_activity/rule.co, after string-literal escapes are processed.
        const string re = @"\\\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\\[a-zA-Z]\$\\\Q__output\E.*\Qexecute.bat\E.*\Qexecute.bat\E.*\Qdel\E.*\Qexecute.bat\E";
        const string cmd = @"%COMSPEC% /Q /c echo cd  ^> \\127.0.0.1\C$\__output 2^>^&1 > %TEMP%\execute.bat & %COMSPEC% /Q /c %TEMP%\execute.bat & del %TEMP%\execute.bat";
        Assert.NotNull(Str("regex", S(cmd), S(re), N(0)));
        Assert.Null(Str("regex", S(cmd.Replace("__output", "__input")), S(re), N(0)));
    }

    [Fact]
    public void Regex_handles_the_winrar_cve_pattern_built_at_run_time()
    {
        // CVE_2023_38831_WinRar splices a table value between two regex fragments.
        var pattern = Operators.Add(Operators.Add(S("\\.\\S{2,6}\\s"), S("cmd")), S("\\.?$"));
        Assert.Equal(".pdf cmd", Str("regex", S("c:\\temp\\doc.pdf cmd"), pattern, N(0)));
    }
}
