{
    "action": "execute",
    "category.generic": "Command",
    "category.high": "System Management",
    "category.low": "Control",
    "event_src.category": "Operating system",
    "event_src.fqdn": "dc01.pandalab.com",
    "event_src.hostname": "dc01",
    "event_src.subsys": "Windows PowerShell",
    "event_src.title": "windows",
    "event_src.vendor": "microsoft",
    "id": "Vigil_Microsoft_Windows_eventlog_PowerShell_800_Pipeline_execution_details",
    "msgid": "800",
    "object": "command",
    "status": "success",
    "subject": "application",
    "subject.name": "powershell",
    "time": "2023-07-19T09:02:17.941Z"
}
