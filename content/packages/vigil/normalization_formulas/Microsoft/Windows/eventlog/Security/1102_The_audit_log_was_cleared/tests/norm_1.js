{
    "action": "clean",
    "category.generic": "Log",
    "category.high": "System Management",
    "category.low": "Manipulation",
    "event_src.category": "Operating system",
    "event_src.hostname": "workstation5",
    "event_src.subsys": "Security",
    "event_src.title": "windows",
    "event_src.vendor": "microsoft",
    "id": "Vigil_Microsoft_Windows_eventlog_1102_The_audit_log_was_cleared",
    "importance": "high",
    "msgid": "1102",
    "object": "log",
    "object.name": "Security",
    "status": "success",
    "subject": "account",
    "time": "2020-10-18T10:56:05.751Z"
}
