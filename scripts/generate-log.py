#!/usr/bin/env python3
"""Deterministic synthetic incident inputs for Hindsight's benchmarks.

Writes, from a seed and an event count, one of:

  markdown   a native Markdown incident log: front matter, authored sections, a
             Timeline of day headings and `- HH:MM` entries (tags on some, continuation
             lines and nested bullets on others), contributing factors, action items;
  pagerduty  a PagerDuty REST `{"log_entries": [...]}` list of one incident;
  slack      a Slack export folder: users.json, channels.json and
             <channel>/<YYYY-MM-DD>.json day files;
  set        a folder of --count Markdown logs of --events events each (seeds
             seed, seed+1, …), the input of `hindsight publish`.

The same arguments give the same bytes on every machine (Python's seeded `random`,
no clock, no locale, no dictionary-order dependence). 100,000 Markdown events come to
about 17 MB.

    scripts/generate-log.py markdown --events 100000 --out big.md
    scripts/generate-log.py pagerduty --events 50000 --out pagerduty.json
    scripts/generate-log.py slack --events 50000 --out slack-export
    scripts/generate-log.py set --count 1000 --events 100 --out retrospectives
"""

import argparse
import datetime
import json
import os
import random
import sys

PEOPLE = [
    ("U01AC0", "Ariana Costa"), ("U01DO1", "David Okafor"), ("U01MD2", "Marie Dubois"),
    ("U01KT3", "Kenji Tanaka"), ("U01PS4", "Priya Shah"), ("U01LB5", "Lars Berg"),
    ("U01NA6", "Nadia Amrani"), ("U01TR7", "Tomás Ruiz"), ("U01EW8", "Emma Walsh"),
    ("U01SJ9", "Sofia Jensen"), ("U01OM10", "Omar Malik"), ("U01HL11", "Hana Lee"),
]
SERVICES = [
    "checkout", "payments-api", "inventory-api", "search", "storefront", "auth",
    "session-store", "image-proxy", "order-events", "ledger", "notifications", "edge-lb",
]
SITES = ["dc-fra1", "dc-fra2", "dc-ams1", "dc-dub1", "eu-west-1a", "eu-west-1b"]
METRICS = [
    "p95 latency", "error rate", "queue depth", "connection count", "CPU steal",
    "heap usage", "retry rate", "cache hit ratio", "disk latency", "5xx share",
]
OBSERVATIONS = [
    "{person} sees {metric} on {service} rising in {site}.",
    "{metric} on {service} back under the alert threshold in {site}.",
    "{person} checks the {service} dashboards; {metric} flat since the last change.",
    "Restarted two {service} pods in {site}; {metric} unchanged after five minutes.",
    "{person} shares a graph of {metric} for {service} in the incident channel.",
    "Support reports more tickets mentioning {service}; {person} answers them with the status page text.",
    "{person} drains {site} from the {service} pool to take load off it.",
    "Traffic to {service} shifted from {site}; {metric} improves a little.",
    "{person} reads the {service} logs around the first alert and finds repeated timeouts.",
    "Config diff for {service} reviewed by {person}: nothing unusual since yesterday.",
    "{person} raises the {service} connection limit in {site} as a test.",
    "{metric} for {service} in {site} steady; {person} keeps watching it.",
    "Rolled back the last {service} deploy in {site}; waiting for the {metric} to settle.",
    "{person} posts a summary of what is known so far for {service}.",
    "Synthetic checks for {service} green again from {site}.",
    "{person} compares {metric} between {site} and the other sites.",
]
TAGGED = [
    ("update", "Status update sent to the stakeholder list: {service} still degraded, next update in 30 minutes."),
    ("decision", "{person} decides to keep {site} out of rotation until {metric} recovers."),
    ("action", "{person} opens a ticket to add an alert on {metric} for {service}."),
    ("change", "Deployed a config change to {service} in {site} lowering the idle timeout."),
    ("failed", "Failover of {service} to {site} did not hold; {metric} climbed again."),
    ("escalated", "{person} pages the {service} team lead for help with {metric}."),
    ("handoff", "{person} hands the investigation of {service} over to the next shift."),
]
CONTINUATIONS = [
    "The graphs for the last hour are linked in the incident document.",
    "Nothing in the change calendar for this window.",
    "Customers in the affected region see slower pages but few errors.",
    "The on-call runbook step for this alert was followed as written.",
    "Waiting for the next metrics scrape before deciding.",
    "Noted for the review: the alert text did not say which site.",
]
FOLLOW_UPS = [
    " Nobody else reports the same symptom yet.",
    " The change freeze for the weekend is still in place.",
    " Two customers have written to support about it so far.",
    " The numbers are from the regional dashboard, one minute resolution.",
    " This matches what the load balancer logs showed earlier.",
    " The team agrees to look again after the next deploy window.",
]
NESTED = [
    "  - ticket OPS-{n} tracks it",
    "  - dashboard: {service} overview, panel {metric}",
    "  - see the thread in #inc-{service}",
]


def fill(rng, template):
    return template.format(
        person=rng.choice(PEOPLE)[1], service=rng.choice(SERVICES), site=rng.choice(SITES),
        metric=rng.choice(METRICS), n=rng.randrange(100, 9999))


def skips_hour(moment):
    """Whether a Europe/Berlin wall-clock time falls in the hour the clocks skip (02:00
    to 03:00 on the last Sunday of March), which no one writes in a real log."""
    if moment.month != 3 or moment.weekday() != 6 or moment.day + 7 <= 31:
        return False
    return moment.hour == 2


def event_times(rng, count, start):
    """`count` wall-clock times from `start`, 0-3 minutes apart, none in a skipped hour."""
    times = []
    current = start
    for _ in range(count):
        if skips_hour(current):
            current += datetime.timedelta(hours=1)
        times.append(current)
        current += datetime.timedelta(minutes=rng.choice((0, 1, 1, 2, 3)), seconds=rng.randrange(60))
    return times


START = datetime.datetime(2026, 3, 4, 2, 50, 0)
LIFECYCLE = ["impact", "detected", "ack", "declared"]


def markdown_log(count, seed, number=None):
    rng = random.Random(seed)
    start = START + datetime.timedelta(days=3 * (number or 0))
    times = event_times(rng, count, start)
    out = []
    w = out.append
    title = "Synthetic incident with %d events" % count if number is None else "Synthetic incident %d" % number
    w("---\n")
    w("title: %s\n" % title)
    w("id: INC-SYN-%d\n" % (count if number is None else number))
    w("severity: SEV2\n")
    w("category: Infrastructure\n")
    w("subcategory: Load balancing\n")
    w("services: [checkout, payments-api, inventory-api]\n")
    w("timezone: Europe/Berlin\n")
    w("date: %s\n" % start.date().isoformat())
    w("status: resolved\n")
    w("roles:\n  commander: Ariana Costa\n  communications: Priya Shah\n  on-call: David Okafor\n")
    w("slo: 99.9% over 30d\n")
    w("sla: resolve within 4h\n")
    w("cost_per_hour: 50000\n")
    w("currency: EUR\n")
    w("---\n\n")
    w("# %s\n\n" % title)
    w("## Summary\n\n")
    w("A generated incident for measuring Hindsight: load balancers in several sites\n")
    w("dropped connections, responders moved traffic between sites, and a lower idle\n")
    w("timeout brought the error rate back down.\n\n")
    w("## Impact\n\n")
    w("- Checkout requests failed intermittently in the affected sites.\n")
    w("- Latency on the storefront rose for most users in Europe.\n\n")
    w("## Timeline\n")
    day = None
    last = count - 1
    for index, moment in enumerate(times):
        if moment.date() != day:
            day = moment.date()
            w("\n### %s\n\n" % day.isoformat())
        tags = ""
        if index < len(LIFECYCLE):
            tags = "[%s] " % LIFECYCLE[index]
            text = fill(rng, OBSERVATIONS[index % len(OBSERVATIONS)])
        elif index == count // 2:
            tags = "[identified] "
            text = fill(rng, "{person} finds the cause: the idle timeout on {service} load balancers is far too long.")
        elif index == last - 1 and count > 6:
            tags = "[mitigated] "
            text = fill(rng, "Error rate for {service} back to normal in every site.")
        elif index == last and count > 6:
            tags = "[resolved] "
            text = "Incident resolved; the new timeout is in configuration management."
        elif rng.random() < 0.12:
            tag, template = rng.choice(TAGGED)
            tags = "[%s] " % tag
            text = fill(rng, template)
        else:
            text = fill(rng, rng.choice(OBSERVATIONS))
        if rng.random() < 0.6:
            text += rng.choice(FOLLOW_UPS)
        w("- %s %s%s\n" % (moment.strftime("%H:%M"), tags, text))
        roll = rng.random()
        if roll < 0.5:
            w("  %s\n" % rng.choice(CONTINUATIONS))
            if roll < 0.2:
                w("  %s\n" % rng.choice(CONTINUATIONS))
        elif roll < 0.6:
            w("%s\n" % fill(rng, rng.choice(NESTED)))
    w("\n## Contributing factors\n\n")
    w("- The idle timeout on the load balancers was much longer than the clients needed.\n")
    w("- Alerts named the symptom but not the site.\n\n")
    w("## What went well\n\n")
    w("Moving traffic between sites was quick and well rehearsed.\n\n")
    w("## Action items\n\n")
    w("- [ ] Alert on connection-table use per load balancer (owner: Kenji Tanaka, due: 2026-03-20, OPS-4101)\n")
    w("- [ ] Put load balancer timeouts under configuration management (owner: Marie Dubois, OPS-4102)\n")
    w("- [x] Name the site in every health-check alert (owner: David Okafor, OPS-4103)\n")
    return "".join(out)


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def pagerduty_log(count, seed):
    rng = random.Random(seed)
    times = event_times(rng, count, START)
    incident = {
        "id": "PSYN%d" % count, "type": "incident_reference",
        "summary": "[#%d] Synthetic checkout outage" % (4000 + count % 1000),
        "self": "https://api.pagerduty.com/incidents/PSYN%d" % count,
    }
    service = {"id": "PSVC01", "type": "service_reference", "summary": "Checkout"}
    entries = []
    for index, moment in enumerate(times):
        person = rng.choice(PEOPLE)
        agent = {"id": "P" + person[0], "type": "user_reference", "summary": person[1]}
        if index == 0:
            kind = "trigger_log_entry"
        elif index == count - 1:
            kind = "resolve_log_entry"
        elif index < 4:
            kind = ("notify_log_entry", "acknowledge_log_entry", "escalate_log_entry")[index - 1]
        else:
            kind = rng.choice((
                "annotate_log_entry", "annotate_log_entry", "annotate_log_entry", "notify_log_entry",
                "assign_log_entry", "escalate_log_entry", "acknowledge_log_entry", "unacknowledge_log_entry"))
        entry = {
            "id": "R%07d" % index, "type": kind,
            "summary": kind.replace("_log_entry", "").capitalize() + "d",
            "created_at": iso(moment),
            "agent": agent if kind != "trigger_log_entry" else {"id": "PSVC01", "type": "service_reference", "summary": "Checkout"},
            "channel": {"type": "web_ui"},
            "service": service,
            "incident": incident,
        }
        if kind == "trigger_log_entry":
            entry["channel"] = {"type": "api", "summary": "Checkout error rate above 5%", "description": "Checkout error rate above 5%"}
        elif kind == "annotate_log_entry":
            entry["channel"] = {"type": "note", "summary": fill(rng, rng.choice(OBSERVATIONS))}
        elif kind == "notify_log_entry":
            entry["user"] = {"id": "P" + person[0], "type": "user_reference", "summary": person[1]}
            entry["channel"] = {"type": "auto", "notification": {"type": rng.choice(("sms", "phone", "push_notification")), "status": "success"}}
        elif kind in ("assign_log_entry", "escalate_log_entry"):
            target = rng.choice(PEOPLE)
            entry["assignees"] = [{"id": "P" + target[0], "type": "user_reference", "summary": target[1]}]
        elif kind == "unacknowledge_log_entry":
            entry["channel"] = {"type": "timeout"}
        entries.append(entry)
    entries.reverse()  # PagerDuty lists newest first.
    document = {"log_entries": entries, "limit": count, "offset": 0, "more": False, "total": None}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def slack_export(count, seed, folder):
    rng = random.Random(seed)
    times = event_times(rng, count, START)
    os.makedirs(folder, exist_ok=True)
    users = [{"id": uid, "name": name.split()[0].lower(), "real_name": name,
              "profile": {"real_name": name, "display_name": name.split()[0]}} for uid, name in PEOPLE]
    users.append({"id": "B01ALERT", "name": "alertmanager", "is_bot": True, "profile": {"real_name": "Alertmanager"}})
    channels = [{"id": "C01INC", "name": "inc-checkout", "created": 1772592000, "members": [uid for uid, _ in PEOPLE]}]
    write_json(os.path.join(folder, "users.json"), users)
    write_json(os.path.join(folder, "channels.json"), channels)
    epoch = datetime.datetime(1970, 1, 1)
    days = {}
    for index, moment in enumerate(times):
        seconds = int((moment - epoch).total_seconds())
        ts = "%d.%06d" % (seconds, index % 1000000)
        roll = rng.random()
        if index == 0 or roll < 0.05:
            message = {"type": "message", "subtype": "bot_message", "bot_id": "B01ALERT", "username": "Alertmanager",
                       "text": "", "ts": ts,
                       "attachments": [{"fallback": fill(rng, "[FIRING] {metric} high on {service} in {site}"),
                                        "text": fill(rng, "{metric} above threshold for 5 minutes")}]}
        elif roll < 0.07:
            uid = rng.choice(PEOPLE)[0]
            message = {"type": "message", "subtype": "channel_join", "user": uid, "text": "<@%s> has joined the channel" % uid, "ts": ts}
        else:
            uid = rng.choice(PEOPLE)[0]
            text = fill(rng, rng.choice(OBSERVATIONS))
            if rng.random() < 0.2:
                text = "<@%s> %s" % (rng.choice(PEOPLE)[0], text)
            message = {"type": "message", "user": uid, "text": text, "ts": ts}
        days.setdefault(moment.date().isoformat(), []).append(message)
    channel_folder = os.path.join(folder, "inc-checkout")
    os.makedirs(channel_folder, exist_ok=True)
    for day in sorted(days):
        write_json(os.path.join(channel_folder, day + ".json"), days[day])


def write_json(path, value):
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(value, ensure_ascii=False, indent=1) + "\n")


def write_text(path, text):
    if path == "-":
        sys.stdout.write(text)
        return
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def main():
    parser = argparse.ArgumentParser(description="Deterministic synthetic incident inputs for benchmarks.")
    parser.add_argument("kind", choices=("markdown", "pagerduty", "slack", "set"))
    parser.add_argument("--events", type=int, required=True, help="number of events (messages, log entries)")
    parser.add_argument("--out", required=True, help="output file (a folder for slack; - for standard output)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--count", type=int, default=1000, help="number of logs, for set (default 1000)")
    arguments = parser.parse_args()
    if arguments.events < 1:
        parser.error("--events must be at least 1")
    if arguments.kind == "markdown":
        write_text(arguments.out, markdown_log(arguments.events, arguments.seed))
    elif arguments.kind == "pagerduty":
        write_text(arguments.out, pagerduty_log(arguments.events, arguments.seed))
    elif arguments.kind == "slack":
        slack_export(arguments.events, arguments.seed, arguments.out)
    else:
        os.makedirs(arguments.out, exist_ok=True)
        for number in range(1, arguments.count + 1):
            path = os.path.join(arguments.out, "incident-%04d.md" % number)
            write_text(path, markdown_log(arguments.events, arguments.seed + number, number))


if __name__ == "__main__":
    main()
