namespace Vigil.Tests.Inputs;

/// <summary>
/// One Security 4624 (from the empire_wmi lateral-movement recording: pgustavo from 172.18.39.5, logon id
/// 0x32c5cb5 on WORKSTATION6) written in every shape Windows events arrive in.
/// </summary>
internal static class WindowsEventSamples
{
    public const string LogonId = "0x32c5cb5";
    public const string Computer = "WORKSTATION6.theshire.local";
    public const string SystemTime = "2020-09-21T04:14:55.119Z";
    public const string Provider = "Microsoft-Windows-Security-Auditing";

    public const string Native = """
        {
            "Event": {
                "xmlns": "http://schemas.microsoft.com/win/2004/08/events/event",
                "System": {
                    "Provider": { "Name": "Microsoft-Windows-Security-Auditing", "Guid": "{54849625-5478-4994-A5BA-3E3B0328C30D}" },
                    "EventID": "4624",
                    "Version": "2",
                    "Level": "0",
                    "Task": "12544",
                    "Opcode": "0",
                    "Keywords": "0x8020000000000000",
                    "TimeCreated": { "SystemTime": "2020-09-21T04:14:55.119Z" },
                    "EventRecordID": "768453",
                    "Correlation": { "ActivityID": "{9D5ADC19-303C-0001-A9AD-1D94DD8DD601}" },
                    "Execution": { "ProcessID": "760", "ThreadID": "1552" },
                    "Channel": "Security",
                    "Computer": "WORKSTATION6.theshire.local",
                    "Security": null
                },
                "EventData": {
                    "Data": [
                        { "Name": "SubjectUserSid", "text": "S-1-0-0" },
                        { "Name": "TargetUserName", "text": "pgustavo" },
                        { "Name": "TargetLogonId", "text": "0x32c5cb5" },
                        { "Name": "LogonType", "text": "3" },
                        { "Name": "WorkstationName" },
                        { "Name": "IpAddress", "text": "172.18.39.5" }
                    ]
                }
            }
        }
        """;

    public const string Xml = """
        <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
          <System>
            <Provider Name="Microsoft-Windows-Security-Auditing" Guid="{54849625-5478-4994-A5BA-3E3B0328C30D}" />
            <EventID>4624</EventID>
            <Version>2</Version>
            <Level>0</Level>
            <Task>12544</Task>
            <Opcode>0</Opcode>
            <Keywords>0x8020000000000000</Keywords>
            <TimeCreated SystemTime="2020-09-21T04:14:55.119Z" />
            <EventRecordID>768453</EventRecordID>
            <Correlation ActivityID="{9D5ADC19-303C-0001-A9AD-1D94DD8DD601}" />
            <Execution ProcessID="760" ThreadID="1552" />
            <Channel>Security</Channel>
            <Computer>WORKSTATION6.theshire.local</Computer>
            <Security />
          </System>
          <EventData>
            <Data Name="SubjectUserSid">S-1-0-0</Data>
            <Data Name="TargetUserName">pgustavo</Data>
            <Data Name="TargetLogonId">0x32c5cb5</Data>
            <Data Name="LogonType">3</Data>
            <Data Name="WorkstationName" />
            <Data Name="IpAddress">172.18.39.5</Data>
          </EventData>
        </Event>
        """;

    // The real nxlog line (Message shortened).
    public const string Nxlog = """
        {"SeverityValue":2,"SubjectDomainName":"-","EventReceivedTime":"2020-09-21 00:14:55","EventID":4624,"ProviderGuid":"{54849625-5478-4994-A5BA-3E3B0328C30D}","ExecutionProcessID":760,"Channel":"Security","host":"wec.internal.cloudapp.net","TargetLogonId":"0x32c5cb5","LogonType":"3","VirtualAccount":"%%1843","ProcessId":"0x0","Opcode":"Info","EventTime":"2020-09-21 00:14:53","SourceModuleType":"im_msvistalog","IpAddress":"172.18.39.5","@version":"1","OpcodeValue":0,"Severity":"INFO","SourceName":"Microsoft-Windows-Security-Auditing","Category":"Logon","Keywords":-9214364837600034816,"SubjectUserSid":"S-1-0-0","ActivityID":"{9D5ADC19-303C-0001-A9AD-1D94DD8DD601}","ThreadID":1552,"EventType":"AUDIT_SUCCESS","Message":"An account was successfully logged on.","@timestamp":"2020-09-21T04:14:55.119Z","port":64545,"RecordNumber":768453,"Task":12544,"SourceModuleName":"eventlog","Version":2,"TargetUserName":"pgustavo","Hostname":"WORKSTATION6.theshire.local","tags":["mordorDataset"]}
        """;

    public const string FlatExport = """
        {"Keywords":"0x8020000000000000","Task":"12544","TimeCreated":"2020-09-21T04:14:55.119Z","SubjectUserSid":"S-1-0-0","TargetUserName":"pgustavo","TargetLogonId":"0x32c5cb5","LogonType":"3","IpAddress":"172.18.39.5","SourceName":"Microsoft-Windows-Security-Auditing","Hostname":"WORKSTATION6.theshire.local","Channel":"Security","Level":"0","EventID":4624,"ProviderGuid":"{54849625-5478-4994-A5BA-3E3B0328C30D}","@timestamp":"2020-09-21T04:14:55.119Z","RecordNumber":768453,"Message":"An account was successfully logged on."}
        """;

    public const string Winlogbeat = """
        {"@timestamp":"2020-09-21T04:14:55.119Z","beat":{"hostname":"WORKSTATION6","version":"6.5.4"},"computer_name":"WORKSTATION6.theshire.local","event_data":{"SubjectUserSid":"S-1-0-0","TargetUserName":"pgustavo","TargetLogonId":"0x32c5cb5","LogonType":"3","IpAddress":"172.18.39.5"},"event_id":4624,"keywords":["Audit Success"],"level":"Information","log_name":"Security","message":"An account was successfully logged on.","opcode":"Info","process_id":760,"provider_guid":"{54849625-5478-4994-A5BA-3E3B0328C30D}","record_number":"768453","source_name":"Microsoft-Windows-Security-Auditing","task":"Logon","thread_id":1552,"type":"wineventlog","version":2,"user":{"identifier":"S-1-5-18"},"host":{"name":"WORKSTATION6"}}
        """;

    /// <summary>An envelope as the XP tooling writes it, around <paramref name="body"/>.</summary>
    public static string Envelope(string body, string? mime) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["body"] = body,
            ["recv_ipv4"] = "127.0.0.1",
            ["recv_time"] = "2024-06-26T15:23:38.123Z",
            ["task_id"] = "00000000-0000-0000-0000-000000000000",
            ["tag"] = "some_tag",
            ["mime"] = mime,
            ["normalized"] = false,
            ["input_id"] = "00000000-0000-0000-0000-000000000000",
            ["type"] = "raw",
            ["uuid"] = "f1062495-0678-46ac-a329-f060c311248e",
        }.Where(kv => kv.Value is not null).ToDictionary());
}
