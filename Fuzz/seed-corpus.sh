#!/usr/bin/env bash
# Fills Fuzz/Corpus/<target>/ with seed inputs taken from samples/ and the test fixtures,
# plus a few small hand-written exports and time expressions. Re-run after samples change;
# the result is committed. Inputs libFuzzer finds go to Fuzz/.build/corpus/, not here.
set -euo pipefail
cd "$(dirname "$0")"
root=..
corpus=Corpus
rm -rf "$corpus"
mkdir -p "$corpus"/{markdown-reader,json-importers,time-expression,front-matter,report-renderer,report-merge}

# Markdown logs: the samples and the reader's fixtures.
for file in "$root"/samples/*.md "$root"/Tests/HindsightTests/Input/Markdown/Fixtures/*.md; do
    [ "$(basename "$file")" = README.md ] && continue
    cp "$file" "$corpus/markdown-reader/$(basename "$file")"
    # Their front matter, without the --- lines.
    awk 'NR == 1 && $0 != "---" { exit } NR == 1 { next } $0 == "---" { exit } { print }' "$file" \
        > "$corpus/front-matter/$(basename "$file" .md).yaml"
    [ -s "$corpus/front-matter/$(basename "$file" .md).yaml" ] || rm "$corpus/front-matter/$(basename "$file" .md).yaml"
done

# JSON: the first byte picks the reader (0 detect, 1 json, 2 pagerduty, 3 opsgenie,
# 4 statuspage, 5 slack, 6 incident-io, 7 a Slack export folder).
json_seed() { # name, format byte, text
    { printf "\\x$(printf %02x "$2")"; printf '%s' "$3"; } > "$corpus/json-importers/$1"
}
for byte in 0 1; do
    json_seed "payments-latency-$byte.json" "$byte" "$(cat "$root/samples/payments-latency.json")"
done
json_seed pagerduty.json 2 '{"log_entries": [{"type": "trigger_log_entry", "created_at": "2026-03-04T10:00:00Z", "summary": "Triggered through the API", "channel": {"type": "api", "summary": "Error rate above 5%"}, "agent": {"summary": "Monitoring"}, "incident": {"id": "P1", "summary": "[#42] Checkout errors"}}, {"type": "acknowledge_log_entry", "created_at": "2026-03-04T10:03:00Z", "agent": {"type": "user_reference", "summary": "Sam Rivera"}}, {"type": "annotate_log_entry", "created_at": "2026-03-04T10:10:00Z", "channel": {"summary": "Rolled back the deploy"}}, {"type": "resolve_log_entry", "created_at": "2026-03-04T10:40:00Z"}]}'
json_seed pagerduty-incidents.json 2 '{"incidents": [{"id": "P1", "incident_number": 42, "title": "Checkout errors", "created_at": "2026-03-04T10:00:00Z", "urgency": "high", "status": "resolved", "service": {"summary": "checkout"}}]}'
json_seed opsgenie.json 3 '{"data": [{"id": "a1", "tinyId": "7", "message": "Disk full on db-1", "status": "closed", "priority": "P2", "createdAt": "2026-03-04T10:00:00.000Z", "updatedAt": "2026-03-04T11:00:00.000Z", "acknowledged": true, "owner": "sam@example.com", "report": {"ackTime": 180000, "closeTime": 3600000, "acknowledgedBy": "sam@example.com", "closedBy": "sam@example.com"}, "tags": ["db"]}], "took": 0.1, "requestId": "r"}'
json_seed opsgenie-webhook.json 3 '{"action": "Create", "alert": {"alertId": "z", "message": "Queue depth high", "createdAt": 1772618400000, "tags": ["queue"]}, "integrationName": "Webhook"}'
json_seed statuspage.json 4 '{"incidents": [{"id": "s1", "name": "Elevated error rates", "status": "resolved", "impact": "major", "created_at": "2026-03-04T10:00:00Z", "resolved_at": "2026-03-04T11:00:00Z", "incident_updates": [{"status": "investigating", "body": "We are investigating errors.", "created_at": "2026-03-04T10:05:00Z"}, {"status": "identified", "body": "A bad configuration was found.", "created_at": "2026-03-04T10:20:00Z"}, {"status": "resolved", "body": "Errors are back to normal.", "created_at": "2026-03-04T11:00:00Z"}], "components": [{"name": "API"}]}]}'
json_seed slack.json 5 '[{"type": "message", "user": "U1", "user_profile": {"real_name": "Sam Rivera"}, "ts": "1772618400.000100", "text": "<!here> checkout is returning 500s, I am looking"}, {"type": "message", "user": "U2", "ts": "1772618700.000200", "text": "rolled back <https://example.com/deploy/9|deploy 9>", "thread_ts": "1772618400.000100"}, {"type": "message", "subtype": "channel_join", "ts": "1772618800.000300", "text": "joined"}]'
json_seed slack-folder.json 7 '[{"type": "message", "user": "U1", "ts": "1772618400.000100", "text": "errors are back to normal :tada:"}]'
json_seed incidentio.json 6 '{"incident": {"id": "01H", "reference": "INC-7", "name": "Search results empty", "severity": {"name": "Major"}, "status": {"category": "closed", "name": "Closed"}, "created_at": "2026-03-04T10:00:00Z", "incident_role_assignments": [{"role": {"role_type": "lead", "name": "Incident Lead"}, "assignee": {"name": "Ana Lima"}}], "incident_timestamp_values": [{"incident_timestamp": {"name": "Impact started"}, "value": {"value": "2026-03-04T09:50:00Z"}}, {"incident_timestamp": {"name": "Resolved at"}, "value": {"value": "2026-03-04T11:00:00Z"}}]}}'
json_seed json-minimal.json 1 '{"title": "Cache stampede", "timezone": "Europe/Berlin", "events": [{"time": "2026-03-04T10:00:00", "text": "Latency alert", "tags": ["detected"]}, {"time": null, "text": "Someone restarted the cache"}, {"time": "2026-03-04T10:30:00+01:00", "text": "Recovered", "tags": ["resolved"], "details": ["Hit rate back to 90%"]}]}'

# Time expressions: the first byte picks a list item, table row, paragraph or day heading.
time_seed() { # index, byte, text
    { printf "\\x$(printf %02x "$2")"; printf '%s' "$3"; } > "$corpus/time-expression/$1.txt"
}
index=0
for expression in "10:00" "10:00:30" "2026-03-04 10:00" "2026-03-04T10:00:00Z" "10:00 CET" "2:54 PM PST" "2:54pm" \
    "[10:00]" "**10:00 UTC**" "--:--" "??:??" "~10:00" "10:00-ish" "10:00 to 10:30" "10:00–10:30" "(17:14 UTC)" \
    "Mar 4, 10:00" "4 March 2026 10:00" "3/14/2026 10:00" "14.03.2026 10:00" "2026/03/04 10:00" "Wednesday, 10:00" \
    "10:00 UTC+2" "10:00 +02:00" "10:00 America/New_York" "T+5" "12:00 AM" "24:00" "[detected] 10:00" "10h00"; do
    time_seed "$index" $((index % 4)) "$expression"
    index=$((index + 1))
done
for day in "2026-03-04" "March 4, 2026" "Wednesday 4 March" "Day 2"; do
    time_seed "$index" 3 "$day"
    index=$((index + 1))
done

# Reports: the golden reports (as drafted) for the renderer and the edit finder.
for file in "$root"/Tests/HindsightTests/Golden/*.md; do
    cp "$file" "$corpus/report-renderer/$(basename "$file")"
    edited="$corpus/report-merge/$(basename "$file")"
    sed 's/_Prompt for the review meeting: which decisions, tools or practices helped the response?_/The alert named the right service./' "$file" > "$edited"
    printf '\0' >> "$edited"
    cat "$file" >> "$edited"
done
du -sh "$corpus"
