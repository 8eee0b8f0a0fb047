-- Lateral movement: network logons joined to the processes started in the same logon session on the same host.
--
-- A network logon (Security 4624, logon type 3, from a remote source IP) opens a logon session on the target
-- host; processes that later run in that session (Sysmon 1 or Security 4688 carrying the same logon id) show
-- what the remote user did there — e.g. WmiPrvSE.exe starting PowerShell, which runs whoami.
-- Works on any store filled by `vigil ingest`: it uses the snake_case view `ev` of the events table.
SELECT
    l.time                          AS logon_time,
    l.src_ip                        AS source_ip,
    l.event_src_hostname            AS host,
    coalesce(l.subject_account_domain || '\', '') || l.subject_account_name AS "user",
    l.subject_account_session_id    AS logon_id,
    p.time                          AS process_time,
    p.object_process_parent_name    AS parent,
    p.object_process_parent_cmdline AS parent_cmdline,
    p.object_process_name           AS process,
    p.object_process_cmdline        AS cmdline
FROM ev AS l
JOIN ev AS p
  ON  p.event_src_host = l.event_src_host
  AND p.subject_account_session_id = l.subject_account_session_id
WHERE l.msgid = '4624'
  AND l.logon_type = 3
  AND l.src_ip IS NOT NULL
  AND l.src_ip NOT IN ('127.0.0.1', '::1')
  AND p.action = 'start'
  AND p.object = 'process'
  AND p.msgid IN ('1', '4688')
  -- channels are timestamped by different clocks: allow the process a little before the logon record
  AND p.time BETWEEN l.time - INTERVAL 5 MINUTE AND l.time + INTERVAL 12 HOUR
ORDER BY l.time, p.time;
