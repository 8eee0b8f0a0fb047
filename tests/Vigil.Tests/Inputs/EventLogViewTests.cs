using Vigil.Events;
using Vigil.Normalization.Inputs;
using static Vigil.Tests.Inputs.ParseHelper;
using S = Vigil.Tests.Inputs.WindowsEventSamples;

namespace Vigil.Tests.Inputs;

public class EventLogViewTests
{
    public static TheoryData<string, string, EventLogShape> Shapes() => new()
    {
        { "native", S.Native, EventLogShape.Native },
        { "xml", S.Xml, EventLogShape.Xml },
        { "nxlog", S.Nxlog, EventLogShape.Nxlog },
        { "flat", S.FlatExport, EventLogShape.FlatExport },
        { "winlogbeat", S.Winlogbeat, EventLogShape.Winlogbeat },
        { "enveloped native", S.Envelope(S.Native, Envelope.EventLogMime), EventLogShape.Native },
        { "enveloped xml", S.Envelope(S.Xml, Envelope.EventLogMime), EventLogShape.Xml },
        { "enveloped nxlog", S.Envelope(S.Nxlog, Envelope.EventLogMime), EventLogShape.Nxlog },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_windows_shape_gives_the_same_view(string name, string raw, EventLogShape shape)
    {
        using var ev = Event(raw);
        Assert.Equal(InputFormat.EventLog, ev.Format);
        Assert.Equal(shape, ev.Shape);
        var root = ev.Root;
        Assert.Equal(S.LogonId, Text(root, "Data", "TargetLogonId"));
        Assert.Equal("pgustavo", Text(root, "Data", "TargetUserName"));
        Assert.Equal("3", Text(root, "Data", "LogonType"));
        Assert.Equal("172.18.39.5", Text(root, "Data", "IpAddress"));
        Assert.Equal(S.Computer, Text(root, "Computer"));
        Assert.Equal("4624", Text(root, "EventID"));
        Assert.Equal(S.SystemTime, Text(root, "TimeCreated", "SystemTime"));
        Assert.Equal("Security", Text(root, "Channel"));
        Assert.Equal(S.Provider, Text(root, "Provider", "Name"));
        Assert.Equal("{54849625-5478-4994-A5BA-3E3B0328C30D}", Text(root, "Provider", "Guid"));
        Assert.Equal("0x8020000000000000", Text(root, "Keywords"));
        Assert.Equal("768453", Text(root, "EventRecordID"));
        if (name != "flat") // the flat export carries no process/thread ids nor version
        {
            Assert.Equal("760", Text(root, "Execution", "ProcessID"));
            Assert.Equal("1552", Text(root, "Execution", "ThreadID"));
            Assert.Equal("2", Text(root, "Version"));
        }
        Assert.True(Path(root, "Data", "NoSuchField").IsNull);
        Assert.True(Path(root, "NoSuchSystemField").IsNull);
        Assert.Equal("4624", ev.EventId);
        Assert.Equal("Security", ev.Channel);
        Assert.Equal(S.Provider, ev.ProviderName);
        Assert.Null(ev.Text);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Reading_a_value_twice_gives_the_same_value(string name, string raw, EventLogShape shape)
    {
        _ = name; _ = shape;
        using var ev = Event(raw);
        var data = Path(ev.Root, "Data").AsMap;
        var first = data.Get("TargetLogonId");
        Assert.Same(first.AsString, data.Get("TargetLogonId").AsString);
        Assert.Same(Path(ev.Root, "Provider").AsMap, Path(ev.Root, "Provider").AsMap);
    }

    [Fact]
    public void Native_and_xml_system_children_become_top_level_keys()
    {
        foreach (var raw in new[] { S.Native, S.Xml })
        {
            using var ev = Event(raw);
            Assert.Equal("0", Text(ev.Root, "Level"));
            Assert.Equal("12544", Text(ev.Root, "Task"));
            Assert.Equal("0", Text(ev.Root, "Opcode"));
            Assert.Equal("{9D5ADC19-303C-0001-A9AD-1D94DD8DD601}", Text(ev.Root, "Correlation", "ActivityID"));
            Assert.True(Path(ev.Root, "Security").IsNull); // "Security": null / <Security />
            // An empty <Data Name="WorkstationName"/> is present but null.
            Assert.True(Path(ev.Root, "Data", "WorkstationName").IsNull);
            // EventData itself is exposed too.
            Assert.Equal(ValueKind.Map, Path(ev.Root, "EventData").Kind);
        }
    }

    [Fact]
    public void Event_id_with_qualifiers_is_a_map_with_text_and_index_key_uses_the_text()
    {
        const string raw = """{"Event":{"System":{"Provider":{"Name":"NETLOGON"},"EventID":{"Qualifiers":"0","text":"5805"},"Channel":"System","Computer":"dc","Security":""},"EventData":{"Data":["01566S-WIN16-IR","%%5"],"Binary":"220000C0"}}}""";
        using var ev = Event(raw);
        Assert.Equal("5805", Text(ev.Root, "EventID", "text"));
        Assert.Equal("0", Text(ev.Root, "EventID", "Qualifiers"));
        Assert.Equal("5805", ev.EventId);
        Assert.Equal("NETLOGON", ev.ProviderName);
        // Unnamed data is a list addressed by position: $Data[0].
        Assert.Equal("01566S-WIN16-IR", Text(ev.Root, "Data", 0));
        Assert.Equal("%%5", Text(ev.Root, "Data", 1));
        Assert.True(Path(ev.Root, "Data", 2).IsNull);
        Assert.Equal("220000C0", Text(ev.Root, "EventData", "Binary"));
        Assert.Equal("", Text(ev.Root, "Security"));
        Assert.True(Path(ev.Root, "Security", "UserID").IsNull);
    }

    [Fact]
    public void Data_names_with_escapes_and_non_ascii_are_found()
    {
        using var ev = Event("""{"Event":{"System":{"EventID":"1"},"EventData":{"Data":[{"Name":"Tar\u0067et","text":"a"},{"Name":"Имя","text":"b"},{"Name":"Target","text":"c"}]}}}""");
        Assert.Equal("c", Text(ev.Root, "Data", "Target")); // the later of two items with the same name
        Assert.Equal("b", Text(ev.Root, "Data", "Имя"));
    }

    [Fact]
    public void A_single_data_object_is_a_one_element_list()
    {
        using var named = Event("""{"Event":{"System":{"EventID":"1"},"EventData":{"Data":{"Name":"Only","text":"v"}}}}""");
        Assert.Equal("v", Text(named.Root, "Data", "Only"));
        using var unnamed = Event("""{"Event":{"System":{"EventID":"1"},"EventData":{"Data":{"text":"v"}}}}""");
        Assert.Equal("v", Text(unnamed.Root, "Data", 0));
    }

    [Fact]
    public void A_data_item_holding_an_object_instead_of_text_is_null()
    {
        using var ev = Event("""{"Event":{"System":{"EventID":"4698"},"EventData":{"Data":[{"Name":"TaskContent","text":{"Task":{}}},{"Name":"TaskName","text":"\\t"}]}}}""");
        Assert.True(Path(ev.Root, "Data", "TaskContent").IsNull);
        Assert.Equal("\\t", Text(ev.Root, "Data", "TaskName"));
    }

    [Fact]
    public void User_data_is_a_nested_map()
    {
        const string raw = """{"Event":{"System":{"EventID":"1102","Channel":"Security","Security":null,"Correlation":null},"UserData":{"LogFileCleared":{"xmlns":"http://manifests.microsoft.com/win/2004/08/windows/eventlog","SubjectUserSid":"S-1-5-21-1","SubjectLogonId":"0xa52480"}}}}""";
        using var ev = Event(raw);
        Assert.Equal("0xa52480", Text(ev.Root, "UserData", "LogFileCleared", "SubjectLogonId"));
        Assert.True(Path(ev.Root, "Correlation").IsNull);
        Assert.True(Path(ev.Root, "Data").IsNull);
    }

    [Fact]
    public void Xml_user_data_and_repeated_elements_convert_like_the_tooling()
    {
        const string raw = """
            <?xml version="1.0" encoding="UTF-16"?>
            <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
              <System><EventID Qualifiers="16384">7036</EventID><Channel>System</Channel></System>
              <UserData><LogFileCleared xmlns="http://manifests.microsoft.com/win/2004/08/windows/eventlog"><SubjectUserName>admin</SubjectUserName></LogFileCleared></UserData>
              <EventData><Data>first</Data><Data>second</Data><Data>  spaced  </Data></EventData>
            </Event>
            """;
        using var ev = Event(raw);
        Assert.Equal(EventLogShape.Xml, ev.Shape);
        Assert.Equal("7036", ev.EventId);
        Assert.Equal("16384", Text(ev.Root, "EventID", "Qualifiers"));
        Assert.Equal("7036", Path(ev.Root, "EventID").ToText()); // an element with attributes reads as its text
        Assert.Equal("admin", Text(ev.Root, "UserData", "LogFileCleared", "SubjectUserName"));
        Assert.Equal("second", Text(ev.Root, "Data", 1));
        Assert.Equal("spaced", Text(ev.Root, "Data", 2)); // event text is read trimmed (Sysmon 20's ` "Name"`)
        Assert.StartsWith("<?xml", System.Text.Encoding.UTF8.GetString(ev.Utf8));
    }

    [Fact]
    public void Nxlog_system_and_collector_fields_are_not_event_data()
    {
        using var ev = Event(S.Nxlog);
        var data = Path(ev.Root, "Data").AsMap;
        foreach (var key in new[] { "Hostname", "SourceName", "EventID", "Keywords", "Message", "EventType", "host", "port", "tags", "@timestamp", "SeverityValue" })
            Assert.True(data.Get(key).IsNull, key);
        Assert.Equal("0x0", data.Get("ProcessId").StringOrNull); // event data that looks like a system name
        var names = data.Entries.Select(e => e.Key).ToList();
        Assert.Contains("TargetLogonId", names);
        Assert.DoesNotContain("Hostname", names);
        Assert.Null(Text(ev.Root, "Level")); // nxlog cannot tell Level 0 from 4: not guessed
        Assert.Equal("0", Text(ev.Root, "Opcode")); // OpcodeValue, not the display name "Info"
        Assert.Equal("12544", Text(ev.Root, "Task"));
    }

    [Fact]
    public void Nxlog_event_type_is_data_when_the_recording_renamed_the_collector_field()
    {
        const string raw = """{"EventID":13,"SourceModuleType":"im_msvistalog","Channel":"Microsoft-Windows-Sysmon/Operational","Hostname":"WORKSTATION5","SourceName":"Microsoft-Windows-Sysmon","EventType":"SetValue","EventTypeOrignal":"INFO","TargetObject":"HKLM\\x","@timestamp":"2020-09-21T04:14:55.000Z"}""";
        using var ev = Event(raw);
        Assert.Equal("SetValue", Text(ev.Root, "Data", "EventType"));
        Assert.True(Path(ev.Root, "Data", "EventTypeOrignal").IsNull);
        Assert.Equal("HKLM\\x", Text(ev.Root, "Data", "TargetObject"));
    }

    [Fact]
    public void Flat_data_values_keep_the_text_the_exporter_wrote()
    {
        const string raw = """{"EventID":4688,"Channel":"security","Hostname":"h","TimeCreated":"2023-01-02 03:04:05","NewProcessId":"0x1f4","Count":42,"Ratio":1.50,"Flag":true,"Nothing":null,"List":[1,2],"ProviderName":"p"}""";
        using var ev = Event(raw);
        Assert.Equal(EventLogShape.FlatExport, ev.Shape);
        Assert.Equal("0x1f4", Text(ev.Root, "Data", "NewProcessId"));
        Assert.Equal("42", Text(ev.Root, "Data", "Count"));
        Assert.Equal("1.50", Text(ev.Root, "Data", "Ratio"));
        Assert.Equal("true", Text(ev.Root, "Data", "Flag"));
        Assert.True(Path(ev.Root, "Data", "Nothing").IsNull);
        Assert.Equal("[1,2]", Text(ev.Root, "Data", "List"));
        Assert.Equal("p", Text(ev.Root, "Data", "ProviderName"));
        Assert.Equal("security", ev.Channel); // as written; formulas compare lower($Channel)
        Assert.Equal("2023-01-02T03:04:05.000Z", Text(ev.Root, "TimeCreated", "SystemTime")); // zone-less text is UTC
        Assert.Equal("4688", Text(ev.Root, "EventID"));
    }

    [Fact]
    public void Winlogbeat_user_and_user_data_are_mapped()
    {
        using var ev = Event(S.Winlogbeat);
        Assert.Equal("S-1-5-18", Text(ev.Root, "Security", "UserID"));
        Assert.Null(Text(ev.Root, "Task")); // a display name ("Logon"), not the number
        using var ud = Event("""{"event_id":1102,"log_name":"Security","computer_name":"dc","source_name":"Microsoft-Windows-Eventlog","user_data":{"SubjectUserName":"admin"},"@timestamp":"2019-05-01T00:00:00Z","keywords":["Audit Failure"]}""");
        Assert.Equal(EventLogShape.Winlogbeat, ud.Shape);
        Assert.Equal("admin", Text(ud.Root, "UserData", "SubjectUserName"));
        Assert.Equal("0x8010000000000000", Text(ud.Root, "Keywords"));
    }

    [Fact]
    public void Flat_shapes_also_expose_event_data_as_the_native_name_text_list()
    {
        using var ev = Event(S.FlatExport);
        var items = Path(ev.Root, "EventData", "Data").AsList;
        Assert.Contains(items, i => i.AsMap.Get("Name").StringOrNull == "TargetLogonId" && i.AsMap.Get("text").StringOrNull == S.LogonId);
    }

    [Fact]
    public void Entries_list_the_view_for_debugging_and_output()
    {
        using var ev = Event(S.Nxlog);
        var keys = ev.Root!.Entries.Select(e => e.Key).ToList();
        Assert.Contains("Computer", keys);
        Assert.Contains("Data", keys);
        using var native = Event(S.Native);
        Assert.Contains("Computer", native.Root!.Entries.Select(e => e.Key));
    }
}
