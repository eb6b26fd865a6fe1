/// A word sequence the blame rules report wherever it appears, unless a neighbouring
/// word shows it is a technical term (`fault tolerance`, `git blame`, `lazy loading`).
struct BlamingPhrase: Sendable {
    var words: [String]
    var rule: CheckRule
    /// The match is ignored when the word after it is one of these.
    var notBefore: Set<String> = []
    /// The match is ignored when the word before it is one of these.
    var notAfter: Set<String> = []
}

/// The words and phrases behind the blame rules, and the suggestions that go with them.
enum BlamingVocabulary {
    private static let metricWords: Set<String> = [
        "rate", "rates", "count", "counts", "ratio", "budget", "page", "pages", "message", "messages",
        "code", "codes", "log", "logs", "metric", "metrics", "response", "responses", "handling", "handler",
    ]

    private static let technicalFault: Set<String> = [
        "tolerance", "tolerant", "injection", "inject", "domain", "domains", "isolation", "detection", "line", "lines",
        "handler", "handlers", "handling", "code", "codes", "zone", "zones", "tree", "trees", "condition", "conditions",
        "model", "recovery", "mode", "modes", "status", "state", "signal", "log",
    ]

    private static let technicalFaultPrefix: Set<String> = [
        "page", "segmentation", "seg", "hardware", "network", "disk", "power", "bus", "protection", "ground", "memory",
        "transient", "byzantine", "single", "injected", "simulated", "a", "no",
    ]

    static let phrases: [BlamingPhrase] = {
        var list: [BlamingPhrase] = []
        func add(_ rule: CheckRule, _ texts: [String], notBefore: Set<String> = [], notAfter: Set<String> = []) {
            for text in texts {
                list.append(BlamingPhrase(words: text.split(separator: " ").map(String.init), rule: rule, notBefore: notBefore, notAfter: notAfter))
            }
        }
        add(.blameHumanError, [
            "human error", "human errors", "operator error", "operator errors", "user error", "user errors",
            "engineer error", "developer error", "admin error", "pilot error", "human mistake", "human mistakes",
        ], notBefore: metricWords)
        add(.blameShouldHave, [
            "should have", "should've", "shouldn't have", "should not have", "ought to have",
            "could have prevented", "could've prevented", "could have avoided", "could've avoided", "could have caught",
            "could've caught",
        ])
        add(.blameJudgement, [
            "careless", "carelessly", "carelessness", "negligent", "negligently", "negligence", "incompetent",
            "incompetence", "stupid", "stupidity", "sloppiness", "reckless", "recklessly", "recklessness", "idiot",
            "idiotic", "laziness",
        ])
        add(.blameJudgement, ["lazy"], notBefore: [
            "loading", "load", "loaded", "loads", "initialization", "initialisation", "init", "evaluation", "import",
            "imports", "property", "properties", "var", "val", "sequence", "sequences", "collection", "iterator",
            "mode", "fetch", "fetching", "deletion", "binding", "instantiation",
        ])
        add(.blameJudgement, ["sloppy"], notBefore: ["mode"])
        add(.blameFault, ["at fault", "whose fault", "fault of", "our fault", "my fault", "his fault", "her fault", "their fault", "your fault"])
        add(.blameFault, ["fault"], notBefore: technicalFault, notAfter: technicalFaultPrefix)
        add(.blameBlame, ["to blame", "blame", "blamed", "blames", "blaming"], notAfter: ["git", "svn", "hg", "annotate", "no", "not", "without", "to"])
        add(.blameMistakeBy, ["mistake by", "mistakes by", "mistake made by", "mistakes made by", "mistake of", "error by", "errors by"])
        return list
    }()

    /// The verbs that make a person the cause of a failure when the person is their subject.
    enum FailureKind {
        /// broke, caused, failed to, messed up: a system can do these too.
        case breakage
        /// forgot, neglected, didn't check: only people do these.
        case omission
        /// missed, ignored: a signal not acted on.
        case attention
    }

    static let failureVerbs: [(words: [String], kind: FailureKind)] = {
        var list: [([String], FailureKind)] = []
        for verb in ["broke", "breaks", "caused", "causes", "failed to", "fails to", "messed up", "screwed up", "botched", "botches"] {
            list.append((verb.split(separator: " ").map(String.init), .breakage))
        }
        for verb in ["forgot", "forgets", "neglected", "neglects", "overlooked"] {
            list.append(([verb], .omission))
        }
        let actions = [
            ("check", "checked"), ("test", "tested"), ("verify", "verified"), ("notice", "noticed"), ("follow", "followed"),
            ("read", "read"), ("review", "reviewed"), ("validate", "validated"), ("confirm", "confirmed"),
            ("escalate", "escalated"),
        ]
        for (action, past) in actions {
            for negation in ["didn't", "did not", "failed to", "forgot to", "neglected to"] {
                list.append(((negation + " " + action).split(separator: " ").map(String.init), .omission))
            }
            list.append((["never", past], .omission))
        }
        for verb in ["missed", "misses", "ignored", "ignores"] {
            list.append(([verb], .attention))
        }
        // Longest first, so "failed to check" wins over "failed to".
        return list.sorted { $0.0.count > $1.0.count }
    }()

    /// Words naming a person by role; `the on-call engineer forgot` blames as much as a name.
    static let roleNouns: Set<String> = [
        "engineer", "engineers", "operator", "operators", "developer", "developers", "dev", "admin", "administrator",
        "sysadmin", "on-call", "oncall", "responder", "intern", "contractor", "employee", "staff", "person", "guy",
        "colleague", "coworker", "co-worker", "teammate", "manager",
    ]

    /// Pronouns that stand for a person as subject (`he forgot`) and after `by` (`caused by him`).
    static let subjectPronouns: Set<String> = ["he", "she"]
    static let objectPronouns: Set<String> = ["him", "her", "he", "she"]

    /// Words that cannot be a subject: the word before a person's name as subject.
    static let notBeforeSubject: Set<String> = [
        "the", "a", "an", "this", "that", "these", "those", "its", "our", "their", "his", "her", "my", "your",
        "to", "with", "by", "for", "from", "of", "at", "on", "in", "into", "about", "via", "per", "than", "like",
        "new", "old", "every", "each", "no", "any", "some",
    ]

    /// Adverbs allowed between a subject and its verb: `David accidentally broke`.
    static let adverbs: Set<String> = ["also", "then", "just", "again", "still", "apparently", "probably", "simply", "once", "twice"]

    /// Capitalised words that begin clauses in incident writing without naming a
    /// person: pronouns, determiners, connectives, and common system and tool names.
    static let notPeople: Set<String> = [
        // Pronouns, determiners, connectives, time words.
        "it", "this", "that", "these", "those", "which", "what", "who", "we", "they", "you", "i", "one", "someone",
        "somebody", "something", "nobody", "nothing", "everyone", "everybody", "everything", "anyone", "anything",
        "each", "every", "all", "both", "either", "neither", "another", "other", "others", "some", "many", "most",
        "few", "none", "no", "and", "but", "or", "so", "then", "also", "however", "still", "yet", "because", "since",
        "when", "while", "after", "before", "later", "earlier", "finally", "initially", "meanwhile", "eventually",
        "first", "second", "third", "next", "last", "here", "there", "now", "today", "yesterday", "tonight", "overnight",
        "unfortunately", "luckily", "fortunately", "again", "only", "even", "just", "once", "if", "though", "although",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        // Things that break, cause, miss and fail in incidents.
        "monitoring", "alerting", "alert", "alerts", "alarm", "alarms", "paging", "logging", "deploy", "deploys",
        "deployment", "deployments", "release", "releases", "change", "changes", "update", "updates", "upgrade",
        "upgrades", "patch", "patches", "rollback", "rollout", "restart", "migration", "migrations", "script",
        "scripts", "job", "jobs", "cron", "config", "configuration", "cache", "caching", "backup", "backups", "retry",
        "retries", "failover", "monitor", "monitors", "probe", "probes", "check", "checks", "test", "tests", "build",
        "builds", "pipeline", "pipelines", "service", "services", "server", "servers", "database", "databases",
        "disk", "disks", "network", "cluster", "clusters", "node", "nodes", "queue", "queues", "worker", "workers",
        "process", "processes", "traffic", "load", "certificate", "certificates", "timeout", "timeouts", "bug",
        "bugs", "code", "query", "queries", "index", "indices", "feature", "flag", "flags", "customer", "customers",
        "user", "users", "team", "teams", "support", "management", "vendor", "provider", "processor", "outage",
        "incident", "error", "errors", "issue", "issues", "problem", "problems", "dashboard", "dashboards",
        "runbook", "runbooks", "playbook", "automation", "tooling", "system", "systems", "application", "app",
        "api", "gateway", "proxy", "balancer", "router", "switch", "firewall", "storage", "memory", "cpu", "latency",
        "capacity", "health", "status", "review", "approval", "validation", "verification", "detection", "the", "a",
        "an", "our", "their", "its", "his", "her", "my", "your", "nginx", "kafka", "redis", "postgres", "postgresql",
        "mysql", "kubernetes", "terraform", "ansible", "puppet", "chef", "docker", "consul", "vault", "envoy",
        "istio", "grafana", "prometheus", "alertmanager", "pagerduty", "opsgenie", "slack", "jira", "github",
        "gitlab", "jenkins", "cloudflare", "akamai", "fastly", "linux", "windows", "java", "python", "node.js",
        "chrome", "safari", "firefox", "android", "ios", "elasticsearch", "opensearch", "cassandra", "mongodb",
        "zookeeper", "etcd", "helm", "argo", "spinnaker", "datadog", "sentry", "splunk", "statuspage", "hindsight",
        "root", "primary", "main", "underlying", "possible", "contributing", "likely", "known", "demand", "growth", "churn", "drift", "overload", "weather", "rain", "heat", "power", "dns", "tls", "ssl",
    ]

    /// Endings of nouns that often start a clause (`Retries caused`, `Monitoring missed`):
    /// such a word counts as a name only when the text also uses it as one.
    static let nounEndings = ["s", "ing", "tion", "sion", "ment", "ure", "ness", "ity", "ance", "ence", "age", "ism", "ics"]

    /// Whether a lowercased word has a noun ending. Names often end in `-as`, `-us`,
    /// `-is`, `-os` (Jonas, Marcus, Iris, Carlos), plurals rarely do.
    static func looksLikeNoun(_ word: String) -> Bool {
        for ending in ["as", "us", "is", "os"] where word.hasSuffix(ending) { return false }
        return nounEndings.contains { word.hasSuffix($0) }
    }
}
