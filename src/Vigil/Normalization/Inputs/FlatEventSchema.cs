namespace Vigil.Normalization.Inputs;

/// <summary>
/// Where a flat Windows export keeps each Event.System field (datasets.md). Null: the shape does not
/// carry it in a form the native view could hold (nxlog and Winlogbeat render Level/Task/Opcode as display
/// names and cannot tell Level 0 from 4, so those stay null rather than being guessed).
/// </summary>
internal sealed class FlatEventSchema
{
    public required EventLogShape Shape { get; init; }
    public required string EventId { get; init; }
    public required string Channel { get; init; }
    public required string Computer { get; init; }
    public required string ProviderName { get; init; }
    public required string ProviderGuid { get; init; }
    /// <summary>Candidates for TimeCreated.SystemTime, best first.</summary>
    public required string[] Times { get; init; }
    public string? Version { get; init; }
    public string? Level { get; init; }
    public string? Task { get; init; }
    public string? Opcode { get; init; }
    public string? Keywords { get; init; }
    public string? RecordId { get; init; }
    public string? ProcessId { get; init; }
    public string? ThreadId { get; init; }
    public string? ActivityId { get; init; }
    public string? RelatedActivityId { get; init; }
    /// <summary>Security.UserID: a top-level key, or a member of <see cref="UserObject"/>.</summary>
    public string? UserId { get; init; }
    public string? UserObject { get; init; }
    /// <summary>Object holding the event data (Winlogbeat <c>event_data</c>); null: every non-system top-level key is data.</summary>
    public string? DataObject { get; init; }
    public string? UserDataObject { get; init; }
    /// <summary>Top-level keys that are not event data (system, collector and transport fields).</summary>
    public HashSet<string>? SystemKeys { get; init; }

    // nxlog im_msvistalog core fields plus what Logstash adds (@timestamp, @version, host, port, tags).
    // EventType is nxlog's (AUDIT_SUCCESS, INFO …) unless the recording renamed it to EventTypeOrignal
    // to make room for Sysmon's own EventType data field (CreateKey, SetValue …): see NxlogKeepsEventType.
    private static readonly string[] NxlogSystemNames =
    [
        "EventID", "Channel", "Hostname", "SourceName", "ProviderGuid", "EventTime", "EventReceivedTime", "@timestamp",
        "RecordNumber", "ExecutionProcessID", "ThreadID", "Keywords", "Task", "Opcode", "OpcodeValue", "Version",
        "Severity", "SeverityValue", "EventType", "EventTypeOrignal", "Category", "Message", "AccountName", "Domain",
        "UserID", "AccountType", "ActivityID", "RelatedActivityID", "ERROR_EVT_UNRESOLVED", "SourceModuleName",
        "SourceModuleType", "host", "port", "tags", "@version",
    ];

    public static readonly FlatEventSchema Nxlog = new()
    {
        Shape = EventLogShape.Nxlog,
        EventId = "EventID",
        Channel = "Channel",
        Computer = "Hostname",
        ProviderName = "SourceName",
        ProviderGuid = "ProviderGuid",
        Times = ["@timestamp"],
        Version = "Version",
        Task = "Task",
        Opcode = "OpcodeValue",
        Keywords = "Keywords",
        RecordId = "RecordNumber",
        ProcessId = "ExecutionProcessID",
        ThreadId = "ThreadID",
        ActivityId = "ActivityID",
        RelatedActivityId = "RelatedActivityID",
        UserId = "UserID",
        SystemKeys = new HashSet<string>(NxlogSystemNames, StringComparer.Ordinal),
    };

    /// <summary>nxlog records where <c>EventTypeOrignal</c> exists: their <c>EventType</c> is Sysmon event data.</summary>
    public static readonly HashSet<string> NxlogKeepsEventType =
        new(NxlogSystemNames.Where(n => n != "EventType"), StringComparer.Ordinal);

    public static readonly FlatEventSchema FlatExport = new()
    {
        Shape = EventLogShape.FlatExport,
        EventId = "EventID",
        Channel = "Channel",
        Computer = "Hostname",
        ProviderName = "SourceName",
        ProviderGuid = "ProviderGuid",
        Times = ["TimeCreated", "@timestamp"],
        Level = "Level",
        Task = "Task",
        Keywords = "Keywords",
        RecordId = "RecordNumber",
        SystemKeys = new HashSet<string>(
            ["EventID", "Channel", "Hostname", "SourceName", "ProviderGuid", "TimeCreated", "@timestamp", "@version",
             "Level", "Keywords", "Task", "Message", "RecordNumber"],
            StringComparer.Ordinal),
    };

    public static readonly FlatEventSchema Winlogbeat = new()
    {
        Shape = EventLogShape.Winlogbeat,
        EventId = "event_id",
        Channel = "log_name",
        Computer = "computer_name",
        ProviderName = "source_name",
        ProviderGuid = "provider_guid",
        Times = ["@timestamp"],
        Version = "version",
        Keywords = "keywords",
        RecordId = "record_number",
        ProcessId = "process_id",
        ThreadId = "thread_id",
        ActivityId = "activity_id",
        RelatedActivityId = "related_activity_id",
        UserObject = "user",
        UserId = "identifier",
        DataObject = "event_data",
        UserDataObject = "user_data",
    };
}
