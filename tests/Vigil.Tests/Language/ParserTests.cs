using Vigil.Language.Diagnostics;
using Vigil.Language.Parsing;
using Vigil.Language.Syntax;
using Vigil.Language.Text;

namespace Vigil.Tests.Language;

public class FormulaParserTests
{
    internal static (FormulaSyntax Syntax, DiagnosticBag Diagnostics) Parse(string text)
    {
        var bag = new DiagnosticBag();
        return (FormulaParser.Parse(new SourceText("f.xp", text), bag), bag);
    }

    [Fact]
    public void Header_cond_and_statements_are_parsed()
    {
        var (f, d) = Parse("""
            EVENTLOG = 'EventID="4624"'
            COND = lower($Channel) == "security"
            msgid = $EventID
            if $Data["LogonType"] == "3" then
                logon_type = 3
            elif $Data["LogonType"] == "2" then
                logon_type = 2
            else
                logon_type = null
            endif
            """);
        Assert.Empty(d.Items);
        Assert.Equal(InputFormat.EventLog, f.Body.Header!.Format);
        Assert.Equal("EventID=\"4624\"", f.Body.Header.Argument);
        Assert.NotNull(f.Body.Condition);
        Assert.Equal(2, f.Body.Statements.Length);
        var iff = Assert.IsType<IfStatement>(f.Body.Statements[1]);
        Assert.Equal(2, iff.Branches.Length);
        Assert.NotNull(iff.Else);
    }

    [Fact]
    public void Statements_need_no_newline_between_them()
    {
        var (f, d) = Parse("JSON = ''\nevent_src.title = \"windows\"if $x != null then msgid = $x endif");
        Assert.Empty(d.Items);
        Assert.Equal(2, f.Body.Statements.Length);
    }

    [Fact]
    public void Expressions_continue_across_lines_after_and_or_before_an_operator()
    {
        var (f, d) = Parse("JSON = ''\nCOND = $a == 1\n    and $b == 2\n    or\n    $c == 3\nmsgid = $a");
        Assert.Empty(d.Items);
        var or = Assert.IsType<BinaryExpression>(f.Body.Condition);
        Assert.Equal(BinaryOperator.Or, or.Operator);
        Assert.Single(f.Body.Statements);
    }

    [Fact]
    public void Switch_expression_and_statement_forms()
    {
        var (f, d) = Parse("""
            JSON = ''
            datafield6 = switch $t
                case "2" "Interactive"
                case "3" "Network"
            endswitch
            switch $op
                case "add"
                    action = "create"
                case -1
                    action = "remove"
            endswitch
            """);
        Assert.Empty(d.Items);
        var a = Assert.IsType<AssignmentStatement>(f.Body.Statements[0]);
        Assert.Equal(2, Assert.IsType<SwitchExpression>(a.Value).Cases.Length);
        var sw = Assert.IsType<SwitchStatement>(f.Body.Statements[1]);
        Assert.Equal(-1, ((LiteralExpression)sw.Cases[1].Match).Number);
    }

    [Fact]
    public void Subformulas_are_hoisted_wherever_they_appear()
    {
        var (f, d) = Parse("""
            TEXT = '{$msg=REST}'
            submessage("TEXT", "split", $msg)
            subformula "split"
                TEXT = '{$a=WORD} {$b=REST}'
                COND = $a != null
                msgid = $a
            endsubformula
            importance = "low"
            """);
        Assert.Empty(d.Items);
        Assert.Single(f.Subformulas);
        Assert.Equal("split", f.Subformulas[0].Name);
        Assert.Equal(2, f.Body.Statements.Length);
    }

    [Fact]
    public void Negated_headers_are_accepted()
    {
        var (f, d) = Parse("!EVENTLOG = 'EventID=\"4103\"'\n!COND = $Channel != null\nmsgid = \"4103\"");
        Assert.Empty(d.Items);
        Assert.True(f.Body.Header!.Negated);
        Assert.True(f.Body.ConditionNegated);
    }

    [Fact]
    public void Missing_format_header_is_an_error_at_the_first_token()
    {
        var (_, d) = Parse("msgid = \"1\"");
        var e = Assert.Single(d.Items);
        Assert.Equal("XP0204", e.Code);
        Assert.Equal(1, e.Position.Line);
    }

    [Fact]
    public void Syntax_error_is_positioned_and_the_next_statement_still_parses()
    {
        var (f, d) = Parse("JSON = ''\nmsgid = (\"1\" +\nimportance == \"low\"\nid = \"x\"");
        Assert.True(d.HasErrors);
        Assert.All(d.Items, x => Assert.True(x.Position.Line >= 2));
        Assert.Contains(f.Body.Statements, s => s is AssignmentStatement { Target: NameExpression { Name: "id" } });
    }

    [Fact]
    public void Missing_endif_is_reported_at_the_if()
    {
        var (_, d) = Parse("JSON = ''\nif $a then\n msgid = \"1\"\n");
        var e = Assert.Single(d.Items);
        Assert.Contains("endif", e.Message);
        Assert.Equal(2, e.Position.Line);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var (_, d) = Parse("JSON = ''\nmsgid = " + new string('(', 100_000) + "1");
        Assert.Contains(d.Items, x => x.Code == "XP0203");
    }

    [Fact]
    public void Text_pattern_items_are_parsed_with_captures_groups_and_arguments()
    {
        var (f, d) = Parse("""TEXT = '{$time=UNTIL("]")} {event_src.ip=IPV4|event_src.hostname=HOSTNAME|} {"%"NUMBER?} {$csv = CSV("\\\\","\'")} {REST}'""");
        Assert.Empty(d.Items);
        var pieces = f.Body.Header!.Pattern!.Pieces;
        var until = Assert.IsType<PatternToken>(((PatternGroup)pieces[0]).Alternatives[0][0]);
        Assert.Equal(PatternTokenType.Until, until.Type);
        Assert.Equal("]", until.Arguments[0]);
        var alt = pieces.OfType<PatternGroup>().ElementAt(1);
        Assert.Equal(3, alt.Alternatives.Length);
        Assert.Empty(alt.Alternatives[2]);
        var opt = pieces.OfType<PatternGroup>().ElementAt(2);
        Assert.True(opt.Optional);
        var csv = (PatternToken)pieces.OfType<PatternGroup>().ElementAt(3).Alternatives[0][0];
        Assert.Equal(["\\", "'"], csv.Arguments.ToArray());
        Assert.Equal("csv", csv.Capture!.Name);
    }

    [Fact]
    public void Unknown_pattern_token_is_reported_inside_the_header_string()
    {
        var (_, d) = Parse("TEXT = '{WORDS} x'");
        var e = Assert.Single(d.Items);
        Assert.Equal("XP0401", e.Code);
        Assert.Equal(new TextPosition(9, 1, 10), e.Position);
    }
}

public class RuleParserTests
{
    internal static (RuleFileSyntax Syntax, DiagnosticBag Diagnostics) Parse(string text, string path = "r.co")
    {
        var bag = new DiagnosticBag();
        return (RuleParser.Parse(new SourceText(path, text), bag), bag);
    }

    [Fact]
    public void Events_rule_handlers_and_emit_are_parsed()
    {
        var (f, d) = Parse("""
            event Logon:
                key:
                    event_src.host, subject.account.session_id
                filter {
                    filter::NotFromCorrelator() and msgid == "4624" and logon_type == 3
                }
            event Access:
                key:
                    event_src.host, subject.account.session_id
                filter { msgid == "4674" }

            rule Lateral: (Logon -> Access[1, ] timer 1m) or (Access[2] with different object.name within 10s)
                init { $count = 0 }
                on Logon { $src.ip = src.ip }
                on Access {
                    $count = $count + 1
                    close
                }
            emit {
                $correlation_type = "incident"
                $incident.aggregation.timeout = 2h
            }
            """);
        Assert.Empty(d.Items);
        Assert.Equal(2, f.Events.Length);
        Assert.Equal(2, f.Events[0].Key.Length);
        var rule = Assert.Single(f.Rules);
        var or = Assert.IsType<OrPattern>(rule.Pattern);
        var timer = Assert.IsType<WindowPattern>(or.Items[0]);
        Assert.Equal(WindowKind.Timer, timer.Kind);
        Assert.Equal(60, timer.Seconds);
        var seq = Assert.IsType<SequencePattern>(timer.Inner);
        var q = Assert.IsType<QuantifiedPattern>(seq.Items[1]);
        Assert.Equal(1, q.Min);
        Assert.Null(q.Max);
        var within = Assert.IsType<WindowPattern>(or.Items[1]);
        var diff = Assert.IsType<QuantifiedPattern>(within.Inner);
        Assert.Equal(2, diff.Min);
        Assert.Equal("object.name", diff.Different!.Name);
        Assert.Equal(2, rule.Handlers.Length);
        Assert.IsType<CloseStatement>(rule.Handlers[1].Body[1]);
        Assert.Equal(2, rule.Emit!.Value.Length);
    }

    [Fact]
    public void A_window_binds_everything_before_it_at_its_level()
    {
        var (f, d) = Parse("event A:\n filter { msgid == \"1\" }\nevent B:\n filter { msgid == \"2\" }\nrule R: A and B within 10s\nemit { $x = 1 }");
        Assert.Empty(d.Items);
        var w = Assert.IsType<WindowPattern>(f.Rules[0].Pattern);
        Assert.IsType<AndPattern>(w.Inner);
    }

    [Fact]
    public void Quantifier_forms_are_accepted()
    {
        var (f, d) = Parse("event A:\n filter { msgid == \"1\" }\nrule R: A? -> A* -> A+ -> A[3] -> A [2, 5] -> A[4,]\nemit { $x = 1 }");
        Assert.Empty(d.Items);
        var seq = Assert.IsType<SequencePattern>(f.Rules[0].Pattern);
        Assert.Equal([(0, (int?)1), (0, null), (1, null), (3, 3), (2, 5), (4, null)],
            seq.Items.Cast<QuantifiedPattern>().Select(q => (q.Min, q.Max)));
    }

    [Fact]
    public void Queries_macros_and_enrichments_are_parsed()
    {
        var (f, d) = Parse("""
            query CheckExt($cmd) from Script_Extensions {
                regex_match($cmd, column::extension)
            }
            event E:
                filter { exec_query("CheckExt", [object.process.cmdline]) }
            enrichment Enrich
                enrich E:
                    enrich_fields {
                        object.name = lower(object.name)
                    }
            filter M(string $a, string $b) { $a == $b }
            """);
        Assert.Empty(d.Items);
        Assert.Single(f.Queries);
        Assert.Equal("Script_Extensions", f.Queries[0].Table);
        Assert.Single(f.Enrichments);
        Assert.Equal(2, f.Macros[0].Parameters.Length);
    }

    [Fact]
    public void Garbage_between_declarations_is_one_error_and_the_next_declaration_parses()
    {
        var (f, d) = Parse("event A:\n filter { msgid == \"1\" }\n%%% nonsense here\nrule R: A\nemit { $x = 1 }");
        Assert.True(d.HasErrors);
        Assert.Single(f.Rules);
        Assert.All(d.Items, x => Assert.Equal(3, x.Position.Line));
    }
}
