{
    "action": "execute",
    "category.generic": "Command",
    "category.high": "System Management",
    "category.low": "Control",
    "event_src.category": "Operating system",
    "event_src.fqdn": "workstation5.theshire.local",
    "event_src.hostname": "workstation5",
    "event_src.subsys": "Windows PowerShell",
    "event_src.title": "windows",
    "event_src.vendor": "microsoft",
    "id": "Vigil_Microsoft_Windows_eventlog_PowerShell_800_Pipeline_execution_details",
    "msgid": "800",
    "object": "command",
    "status": "success",
    "subject": "application",
    "subject.name": "powershell",
    "time": "2020-09-21T22:58:30.645Z"
}
