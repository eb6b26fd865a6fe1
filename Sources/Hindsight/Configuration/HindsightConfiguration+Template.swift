extension HindsightConfiguration {
    /// The commented `.hindsight.yml` that `hindsight init` writes. Read as it is, it
    /// gives the built-in defaults; every other key is there as a comment to fill in.
    public static let template = """
        # Hindsight configuration: team defaults for every `hindsight` command in this
        # repository. Hindsight finds this file by walking up from the first input's
        # folder (stopping at the folder that holds .git), or takes `--config FILE`.
        # What an incident log states, and options on the command line, always win.
        # Every key is described in docs/configuration.md.

        # Report time zone, and the zone for times written without one when the log
        # names none (IANA name, abbreviation or offset), like --timezone.
        # timezone: Europe/Berlin

        # The severity scale, most severe first. `update_every` is the longest silence
        # between stakeholder updates before the report points at a gap; `sla` is the
        # time to resolve, used when a log of that severity states no `sla:` itself.
        # `aliases` are other names logs use for the level.
        severities:
          SEV1:
            update_every: 30m
            # sla: 4h
            # aliases: [P1, critical]
          SEV2:
            update_every: 1h
            # sla: 8h
          SEV3:
            update_every: 2h
          SEV4:
            update_every: 4h

        # Update cadence for severities that are not in the scale above.
        # communication:
        #   update_every: 1h

        # Service level and cost of downtime, for logs that state none.
        # slo: 99.9% over 30d
        # cost_per_hour: 12000
        # currency: EUR

        # Measures: from the first known of `from` to the first known of `to`.
        # Milestones: impactStarted, detected, acknowledged, declared, identified,
        # mitigated, resolved, closed. Redefine a built-in measure or add your own.
        # measures:
        #   timeToResolve: {from: [impactStarted], to: [resolved]}
        #   timeToFirstUpdate: {title: Time to first update, from: [detected], to: [declared]}

        # When the report raises a finding or a question.
        # thresholds:
        #   late_detection: 15m     # detection this long after impact began
        #   late_escalation: 30m    # escalation this long after detection (SEV1 and SEV2)
        #   silence: 1h             # a stretch without any timeline entry

        # `hindsight check`: words the team considers blaming, words never to report
        # (a product called "Fault Line"), and rules to turn off (ids, families or all).
        # check:
        #   blaming_phrases: [dropped the ball]
        #   allowed_words: [Fault Line]
        #   disabled_rules: [timeline.zone]

        # `hindsight publish --public`: what a public page leaves out and redacts.
        # publish:
        #   public:
        #     drop_sections: [Responders and roles, Questions for the review meeting]
        #     redact:
        #       names: [Ariana Costa]
        #       hosts: ["*.corp.example.com"]
        #       emails: true
        #       ip_addresses: true

        """
}
