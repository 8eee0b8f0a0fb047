using Vigil.Events;
using static Vigil.Tests.Runtime.Fn;

namespace Vigil.Tests.Runtime;

public class SplitFunctionTests
{
    [Fact]
    public void Csv_splits_a_path_on_a_single_character()
    {
        Assert.Equal(new[] { null, "usr", "sbin", "sshd" }, Items(Call("csv", S("/usr/sbin/sshd"), S("/"), S("'"))));
        Assert.Equal(new[] { "user", "domain.local" }, Items(Call("csv", S("user@domain.local"), S("@"), S(""))));
    }

    [Fact]
    public void Csv_empty_items_are_null()
    {
        // 5145: object.name = csv(path, "\\", "'")[last] followed by `if object.name == null` needs a null last item.
        Assert.Equal(new string?[] { null }, Items(Call("csv", S(""), S("/"), S(""))));
        Assert.Equal(new[] { "C:", "dir", null }, Items(Call("csv", S("C:\\dir\\"), S("\\"), S(""))));
        Assert.Equal(new[] { "a", null }, Items(Call("csv", S("a,"), S(","), S(""))));
    }

    [Fact]
    public void Csv_splits_on_a_multi_character_separator()
    {
        // AUD/user_acct: csv($kv_msg['op'], ', ', '') and the 4103 formulas: csv($x, 'name="', '').
        Assert.Equal(new[] { "adding group", "removing user" }, Items(Call("csv", S("adding group, removing user"), S(", "), S(""))));
        Assert.Equal(new[] { " | \"Get-Date\" ", "Format\"; value=\"x\"" },
            Items(Call("csv", S(" | \"Get-Date\" name=\"Format\"; value=\"x\""), S("name=\""), S(""))));
    }

    [Fact]
    public void Csv_keeps_separators_inside_quoted_items_and_removes_the_quotes()
    {
        // WEL/4103_Set_Strict_Mode: csv($host_app, " ", '"')[0] takes a quoted executable path.
        var host = S("\"C:\\Program Files\\PowerShell\\pwsh.exe\" -NoProfile -c x");
        Assert.Equal(new[] { "C:\\Program Files\\PowerShell\\pwsh.exe", "-NoProfile", "-c", "x" }, Items(Call("csv", host, S(" "), S("\""))));
        Assert.Equal(new[] { "a, b", "c" }, Items(Call("csv", S("\"a, b\", c"), S(", "), S("\""))));
    }

    [Fact]
    public void Csv_follows_the_vendor_example_with_a_custom_quote_and_blank_before_it()
    {
        var list = Call("csv", S("/login=admin/, /password=supercleveradmin/"), S(","), S("/"));
        Assert.Equal(new[] { "login=admin", "password=supercleveradmin" }, Items(list));
    }

    [Fact]
    public void Csv_treats_a_quote_inside_an_item_or_an_unterminated_quote_as_text()
    {
        Assert.Equal(new[] { null, "home", "o'brien", "x" }, Items(Call("csv", S("/home/o'brien/x"), S("/"), S("'"))));
        Assert.Equal(new[] { "'tmp", "x" }, Items(Call("csv", S("'tmp/x"), S("/"), S("'"))));
        Assert.Equal(new[] { "say \"hi\"", "x" }, Items(Call("csv", S("\"say \"\"hi\"\"\",x"), S(","), S("\""))));
    }

    [Fact]
    public void Csv_handles_the_iis_forwarded_for_idiom()
    {
        // NF/Microsoft/IIS: csv(replace($xff, ",", ",+"), ",", "'")
        var xff = Call("replace", S("10.0.0.1,+10.0.0.2"), S(","), S(",+"));
        Assert.Equal(new[] { "10.0.0.1", "10.0.0.2" }, Items(Call("csv", xff, S(","), S("'"))));
    }

    [Fact]
    public void Csv_with_null_arguments_is_null_and_splits_each_item_of_a_list()
    {
        Assert.True(Call("csv", Null, S(","), S("")).IsNull);
        Assert.True(Call("csv", S("a"), Null, S("")).IsNull);
        Assert.Equal(new[] { "a", "b", "c" }, Items(Call("csv", L(S("a,b"), S("c")), S(","), S(""))));
        Assert.Equal(new[] { "a,b" }, Items(Call("csv", S("a,b"), S(""), S(""))));
    }

    private static IValueMap Map(Value v)
    {
        Assert.Equal(ValueKind.Map, v.Kind);
        return v.AsMap;
    }

    [Fact]
    public void Keyvalue_without_quote_keeps_quotes_in_values()
    {
        // AUD/*: keyvalue($items['SYSCALL'][0], ' ', '=') then strip(..., '"', '"').
        var kv = Map(Call("keyvalue", S("arch=c000003e syscall=59 success=yes exe=\"/usr/bin/id\" UID=\"root\""), S(" "), S("=")));
        Assert.Equal("c000003e", kv.Get("arch").AsString);
        Assert.Equal("59", kv.Get("syscall").AsString);
        Assert.Equal("\"/usr/bin/id\"", kv.Get("exe").AsString);
        Assert.Equal("\"root\"", kv.Get("UID").AsString);
        Assert.True(kv.Get("missing").IsNull);
    }

    [Fact]
    public void Keyvalue_with_quote_unquotes_values_that_contain_the_pair_separator()
    {
        // AUD/user_acct test 1.
        const string raw = "pid=2158 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:xdm_t:s0-s0:c0.c1023 " +
            "msg='op=PAM:accounting grantors=pam_unix,pam_localuser acct=\"jr\" exe=\"/usr/libexec/gdm-session-worker\" " +
            "hostname=centos.local addr=? terminal=/dev/tty1 res=success' UID=\"root\" AUID=\"unset\"";
        var main = Map(Call("keyvalue", S(raw), S(" "), S("="), S("'")));
        Assert.Equal("2158", main.Get("pid").AsString);
        Assert.Equal("\"root\"", main.Get("UID").AsString); // another quote character: kept
        Assert.Equal("\"unset\"", main.Get("AUID").AsString);
        var msg = main.Get("msg");
        Assert.StartsWith("op=PAM:accounting grantors=", msg.AsString);
        Assert.EndsWith("res=success", msg.AsString);

        var inner = Map(Call("keyvalue", msg, S(" "), S("="), S("\"")));
        Assert.Equal("PAM:accounting", inner.Get("op").AsString);
        Assert.Equal("jr", inner.Get("acct").AsString);
        Assert.Equal("/usr/libexec/gdm-session-worker", inner.Get("exe").AsString);
        Assert.Equal("?", inner.Get("addr").AsString);
        Assert.Equal("success", inner.Get("res").AsString);
    }

    [Fact]
    public void Keyvalue_follows_the_vendor_example()
    {
        var kv = Map(Call("keyvalue", S("login='admin'; password='supercleveradmin'"), S(";"), S("="), S("'")));
        Assert.Equal("admin", kv.Get("login").AsString);
        Assert.Equal("supercleveradmin", kv.Get("password").AsString);
    }

    [Fact]
    public void Keyvalue_trims_keys_and_values_and_reads_empty_values_as_null()
    {
        // WEL/4103_Pipeline_executed: keyvalue($Data["ContextInfo"], "\r\n", "=") with indented lines; the formula
        // relies on "Connected User = " being null (test 3 expects subject.account.id from the else branch).
        const string contextInfo = "        Severity = Informational\r\n        Host Name = ConsoleHost\r\n" +
            "        Host Application = powershell -command get-process\r\n        Command Name = Get-Process\r\n" +
            "        Script Name = \r\n        User = SERVER160\\Administrator\r\n        Connected User = \r\n" +
            "        Shell ID = Microsoft.PowerShell\r\n";
        var kv = Map(Call("keyvalue", S(contextInfo), S("\r\n"), S("=")));
        Assert.Equal("Informational", kv.Get("Severity").AsString);
        Assert.Equal("powershell -command get-process", kv.Get("Host Application").AsString);
        Assert.Equal("Get-Process", kv.Get("Command Name").AsString);
        Assert.Equal("SERVER160\\Administrator", kv.Get("User").AsString);
        Assert.True(kv.Get("Connected User").IsNull);
        Assert.True(kv.Get("Script Name").IsNull);
        Assert.Equal("Microsoft.PowerShell", kv.Get("Shell ID").AsString);
        Assert.Equal("SERVER160\\Administrator",
            Call("coalesce", kv.Get("User"), kv.Get("Пользователь"), kv.Get("Connected User")).AsString);
    }

    [Fact]
    public void Keyvalue_splits_each_pair_at_its_first_separator_only()
    {
        // WEL/4103_Set_Strict_Mode: keyvalue(Payload, "\r\n", ":", '"') then keyvalue(binding, ';', '=', '"').
        const string payload = "CommandInvocation(Set-StrictMode): \"Set-StrictMode\"\r\nParameterBinding(Set-StrictMode): name=\"Off\"; value=\"True\"\r\n";
        var pl = Map(Call("keyvalue", S(payload), S("\r\n"), S(":"), S("\"")));
        Assert.Equal("Set-StrictMode", pl.Get("CommandInvocation(Set-StrictMode)").AsString);
        var binding = pl.Get("ParameterBinding(Set-StrictMode)");
        Assert.Equal("name=\"Off\"; value=\"True\"", binding.AsString); // not starting with a quote: kept whole
        var param = Map(Call("keyvalue", binding, S(";"), S("="), S("\"")));
        Assert.Equal("Off", param.Get("name").AsString);
        Assert.Equal("True", param.Get("value").AsString);

        var times = Map(Call("keyvalue", S("start=10:20:30 end=10:21:00"), S(" "), S("=")));
        Assert.Equal("10:20:30", times.Get("start").AsString);
    }

    [Fact]
    public void Keyvalue_parses_sysmon_hashes()
    {
        var kv = Map(Call("keyvalue", S("SHA1=AB12,MD5=CD34,SHA256=EF56,IMPHASH=00"), S(","), S("=")));
        Assert.Equal("AB12", kv.Get("SHA1").AsString);
        Assert.Equal("EF56", kv.Get("SHA256").AsString);
        Assert.Equal("00", kv.Get("IMPHASH").AsString);
    }

    [Fact]
    public void Keyvalue_continues_a_value_with_word_pieces_drops_punctuation_and_lets_the_last_duplicate_win()
    {
        // auditd: "op=adding user id=1001" gives op "adding user"; "lport=35999 }" gives lport "35999".
        var kv = Map(Call("keyvalue", S("type=SYSCALL garbage a=1 =x a=2 b= lport=35999 }"), S(" "), S("=")));
        Assert.Equal("SYSCALL garbage", kv.Get("type").AsString);
        Assert.Equal("35999", kv.Get("lport").AsString);
        Assert.Equal("2", kv.Get("a").AsString);
        Assert.True(kv.Get("garbage").IsNull);
        Assert.True(kv.Get("b").IsNull);
        Assert.True(kv.Get("").IsNull);
    }

    [Fact]
    public void Keyvalue_keeps_a_quoted_empty_value_and_survives_an_unterminated_quote()
    {
        var kv = Map(Call("keyvalue", S("a=\"\" b='open c=1"), S(" "), S("="), S("'")));
        Assert.Equal("\"\"", kv.Get("a").AsString);
        Assert.Equal("'open", kv.Get("b").AsString);
        Assert.Equal("1", kv.Get("c").AsString);
        var q = Map(Call("keyvalue", S("a=\"\" b=1"), S(" "), S("="), S("\"")));
        Assert.Equal("", q.Get("a").AsString);
    }

    [Fact]
    public void Keyvalue_of_null_is_null()
    {
        Assert.True(Call("keyvalue", Null, S(" "), S("=")).IsNull);
        Assert.True(Call("keyvalue", S("a=1"), Null, S("=")).IsNull);
        Assert.True(Call("keyvalue", S("a=1"), S(" "), S("="), Null).IsNull);
    }
}
