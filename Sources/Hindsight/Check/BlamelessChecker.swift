import Foundation

/// Finds blaming language in prose: a person as the subject of a failure, "human
/// error", hindsight judgements ("should have"), words that judge people, fault and
/// blame. Quoted speech is reported as a warning, everything else as an error.
enum BlamelessChecker {
    static func findings(in text: CheckedMarkdown, blocks: [[ProseWord]], options: CheckOptions) -> [CheckFinding] {
        let scan = Scan(text: text, blocks: blocks, options: options)
        var result: [CheckFinding] = []
        for words in blocks {
            scan.phrases(in: words, into: &result)
            scan.people(in: words, into: &result)
        }
        return result
    }

    /// One document's scan: the phrase table, allowed words, and the names it knows.
    private struct Scan {
        let text: CheckedMarkdown
        let phrasesByFirstWord: [String: [BlamingPhrase]]
        let allowed: Set<String>
        /// Words the document writes capitalised in mid-clause, so proper nouns.
        let properNouns: Set<String>

        init(text: CheckedMarkdown, blocks: [[ProseWord]], options: CheckOptions) {
            self.text = text
            var table: [String: [BlamingPhrase]] = [:]
            var phrases = BlamingVocabulary.phrases
            for custom in options.blamingPhrases {
                let words = custom.lowercased().replacingOccurrences(of: "’", with: "'")
                    .split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                if !words.isEmpty { phrases.append(BlamingPhrase(words: words, rule: .blameCustom)) }
            }
            for phrase in phrases {
                table[phrase.words[0], default: []].append(phrase)
            }
            for key in table.keys {
                table[key]?.sort { $0.words.count > $1.words.count }
            }
            phrasesByFirstWord = table
            allowed = Set(options.allowedWords.map { $0.lowercased().trimmingCharacters(in: .whitespaces) })
            var proper: Set<String> = []
            for words in blocks {
                for word in words where !word.clauseStart && word.isCapitalized {
                    proper.insert(word.lower)
                }
            }
            properNouns = proper
        }

        // MARK: Phrases

        func phrases(in words: [ProseWord], into result: inout [CheckFinding]) {
            var index = 0
            while index < words.count {
                guard let candidates = phrasesByFirstWord[words[index].lower],
                    let phrase = candidates.first(where: { matches($0, in: words, at: index) })
                else {
                    index += 1
                    continue
                }
                let matched = words[index..<(index + phrase.words.count)]
                let quote = matched.map(\.text).joined(separator: " ")
                if !isAllowed(matched.map(\.lower)) {
                    result.append(finding(phrase.rule, quote: quote, at: words[index]))
                }
                index += phrase.words.count
            }
        }

        private func matches(_ phrase: BlamingPhrase, in words: [ProseWord], at start: Int) -> Bool {
            guard start + phrase.words.count <= words.count else { return false }
            for (offset, expected) in phrase.words.enumerated() {
                let word = words[start + offset]
                guard word.lower == expected else { return false }
                // A phrase does not run across a full stop or a colon.
                if offset > 0, let mark = word.punctuationBefore, mark != "'" { return false }
            }
            let end = start + phrase.words.count
            if end < words.count, words[end].punctuationBefore == nil, phrase.notBefore.contains(words[end].lower) { return false }
            if start > 0, words[start].punctuationBefore == nil, phrase.notAfter.contains(words[start - 1].lower) { return false }
            return true
        }

        // MARK: People as subjects

        func people(in words: [ProseWord], into result: inout [CheckFinding]) {
            for index in words.indices {
                if let found = subjectFinding(in: words, at: index) {
                    result.append(found)
                } else if let found = agentFinding(in: words, at: index) {
                    result.append(found)
                } else if let found = rootCauseFinding(in: words, at: index) {
                    result.append(found)
                }
            }
        }

        /// `David broke …`, `Marie Dubois forgot to …`, `the on-call engineer missed …`.
        private func subjectFinding(in words: [ProseWord], at index: Int) -> CheckFinding? {
            let word = words[index]
            var start = index
            var end = index
            enum Subject { case certain, role, name(hasSurname: Bool) }
            let subject: Subject
            if BlamingVocabulary.subjectPronouns.contains(word.lower) || word.isHandle {
                subject = .certain
            } else if BlamingVocabulary.roleNouns.contains(word.lower) {
                subject = .role
                while start > 0, BlamingVocabulary.roleNouns.contains(words[start - 1].lower), words[start].punctuationBefore == nil {
                    start -= 1
                }
            } else if isNameShaped(word) {
                // The surname of a name already seen from its first word.
                if index > 0, word.punctuationBefore == nil, isNameShaped(words[index - 1]),
                    !BlamingVocabulary.notPeople.contains(words[index - 1].lower)
                {
                    return nil
                }
                let next = index + 1
                let hasSurname = next < words.count && isNameShaped(words[next]) && words[next].punctuationBefore == nil
                    && !BlamingVocabulary.notPeople.contains(words[next].lower)
                if hasSurname { end = next }
                subject = .name(hasSurname: hasSurname)
            } else {
                return nil
            }
            if case .role = subject {
                // "the engineer" is fine; "to the engineer" is not a subject either way.
            } else if index > 0, word.punctuationBefore == nil, BlamingVocabulary.notBeforeSubject.contains(words[index - 1].lower) {
                return nil
            }
            var verbStart = end + 1
            if verbStart < words.count, words[verbStart].punctuationBefore == nil,
                BlamingVocabulary.adverbs.contains(words[verbStart].lower) || (words[verbStart].lower.hasSuffix("ly") && words[verbStart].lower.count > 4)
            {
                verbStart += 1
            }
            guard let (length, kind) = failureVerb(in: words, at: verbStart) else { return nil }
            // `Root causes:` and `Known misses:` are labels, not sentences.
            if kind != .omission {
                let after = verbStart + length
                if after >= words.count || words[after].punctuationBefore == ":" { return nil }
            }
            if case .name(let hasSurname) = subject,
                !isPerson(word, hasSurname: hasSurname, kind: kind)
            {
                return nil
            }
            let matched = words[start..<(verbStart + length)]
            guard !isAllowed(matched.map(\.lower)), !isAllowed([word.lower]) else { return nil }
            let quote = matched.map { $0.isHandle ? "@" + $0.text : $0.text }.joined(separator: " ")
            let suggestion: String
            switch kind {
            case .breakage:
                suggestion = "make the change or the system the subject (\"the configuration change broke …\") and describe what made the action possible"
            case .omission:
                suggestion = "describe the step that did not happen and what would have prompted it at the time (a checklist, an automated check, a reminder)"
            case .attention:
                suggestion = "describe what the signal looked like at the time and what else competed for attention"
            }
            return CheckFinding(
                .blamePerson, severity(word), "\"\(quote)\" makes a person the cause of a failure" + quotedNote(word),
                suggestion: suggestion, at: text.location(line: words[start].line, column: words[start].column))
        }

        /// `caused by David`, `broken by the on-call engineer`.
        private func agentFinding(in words: [ProseWord], at index: Int) -> CheckFinding? {
            guard ["caused", "broken", "triggered"].contains(words[index].lower), index + 2 < words.count,
                words[index + 1].lower == "by", words[index + 1].punctuationBefore == nil,
                let end = personAfter(in: words, at: index + 2)
            else { return nil }
            let matched = words[index...end]
            guard !isAllowed(matched.map(\.lower)), !isAllowed([words[end].lower]) else { return nil }
            let quote = matched.map(\.text).joined(separator: " ")
            return CheckFinding(
                .blamePerson, severity(words[index]), "\"\(quote)\" makes a person the cause of a failure" + quotedNote(words[index]),
                suggestion: "name what happened and the conditions that allowed it (\"caused by a configuration change that no check covered\")",
                at: text.location(line: words[index].line, column: words[index].column))
        }

        /// `root cause was David`, `root cause: the operator`.
        private func rootCauseFinding(in words: [ProseWord], at index: Int) -> CheckFinding? {
            guard words[index].lower == "root", index + 2 < words.count,
                ["cause", "causes"].contains(words[index + 1].lower), words[index + 1].punctuationBefore == nil
            else { return nil }
            var next = index + 2
            if ["was", "is", "were", "are"].contains(words[next].lower), words[next].punctuationBefore == nil {
                next += 1
            } else if words[next].punctuationBefore != ":" {
                return nil
            }
            guard next < words.count, let end = personAfter(in: words, at: next) else { return nil }
            let matched = words[index...end]
            guard !isAllowed(matched.map(\.lower)), !isAllowed([words[end].lower]) else { return nil }
            let quote = matched.map(\.text).joined(separator: " ")
            return CheckFinding(
                .blameRootCausePerson, severity(words[index]), "\"\(quote)\" names a person as the root cause" + quotedNote(words[index]),
                suggestion: "name the conditions and contributing factors; people act within the system, they are not its root cause",
                at: text.location(line: words[index].line, column: words[index].column))
        }

        /// The index of the last word of a person named at `index` (after `by` or
        /// `root cause was`): a name, a pronoun, a handle, or `the on-call engineer`.
        private func personAfter(in words: [ProseWord], at index: Int) -> Int? {
            var position = index
            if ["the", "a", "an", "our", "their", "one", "that", "this"].contains(words[position].lower) {
                position += 1
            }
            guard position < words.count else { return nil }
            let word = words[position]
            if BlamingVocabulary.roleNouns.contains(word.lower) {
                var end = position
                while end + 1 < words.count, BlamingVocabulary.roleNouns.contains(words[end + 1].lower) { end += 1 }
                return end
            }
            if position == index, BlamingVocabulary.objectPronouns.contains(word.lower) || word.isHandle {
                return position
            }
            guard position == index, isNameShaped(word), !BlamingVocabulary.notPeople.contains(word.lower), !allowed.contains(word.lower) else {
                return nil
            }
            if position + 1 < words.count, isNameShaped(words[position + 1]), words[position + 1].punctuationBefore == nil {
                return position + 1
            }
            return position
        }

        private func failureVerb(in words: [ProseWord], at start: Int) -> (Int, BlamingVocabulary.FailureKind)? {
            guard start < words.count, words[start].punctuationBefore == nil else { return nil }
            for (verb, kind) in BlamingVocabulary.failureVerbs where start + verb.count <= words.count {
                var matched = true
                for (offset, expected) in verb.enumerated() {
                    let word = words[start + offset]
                    if word.lower != expected || (offset > 0 && word.punctuationBefore != nil) {
                        matched = false
                        break
                    }
                }
                if matched { return (verb.count, kind) }
            }
            return nil
        }

        /// Whether a capitalised subject before a failure verb is a person's name.
        private func isPerson(_ word: ProseWord, hasSurname: Bool, kind: BlamingVocabulary.FailureKind) -> Bool {
            let lower = word.lower
            if text.people.contains(lower) { return true }
            if BlamingVocabulary.notPeople.contains(lower) || allowed.contains(lower) { return false }
            if hasSurname || !word.clauseStart || kind == .omission { return true }
            if BlamingVocabulary.looksLikeNoun(lower) {
                return properNouns.contains(lower)
            }
            return true
        }

        /// A capitalised word of letters that is not a possessive: `David`, `Marie-Claire`.
        private func isNameShaped(_ word: ProseWord) -> Bool {
            guard word.isCapitalized, word.text.count >= 2, !word.lower.hasSuffix("'s") else { return false }
            return word.text.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" }
        }

        private func isAllowed(_ words: [String]) -> Bool {
            guard !allowed.isEmpty else { return false }
            return allowed.contains(words.joined(separator: " ")) || words.contains { allowed.contains($0) }
        }

        private func severity(_ word: ProseWord) -> Diagnostic.Severity {
            word.quoted ? .warning : .error
        }

        private func quotedNote(_ word: ProseWord) -> String {
            word.quoted ? " (in quoted speech)" : ""
        }

        private func finding(_ rule: CheckRule, quote: String, at word: ProseWord) -> CheckFinding {
            let (message, suggestion): (String, String)
            switch rule {
            case .blameHumanError:
                message = "\"\(quote)\" puts the failure on a person"
                suggestion = "describe the conditions that made the action possible (missing guard rail, unclear runbook, confusing UI)"
            case .blameShouldHave:
                message = "\"\(quote)\" judges past decisions with hindsight"
                suggestion = "describe what information or tooling was missing at the time"
            case .blameJudgement:
                message = "\"\(quote)\" judges a person instead of describing what happened"
                suggestion = "describe the action and the conditions around it in neutral terms (what was done, what the system showed)"
            case .blameFault:
                message = "\"\(quote)\" assigns fault"
                suggestion = "describe the contributing factors and how they combined"
            case .blameBlame:
                message = "\"\(quote)\" assigns blame"
                suggestion = "name the contributing factors; a blameless review looks for conditions, not culprits"
            case .blameMistakeBy:
                message = "\"\(quote)\" attributes the failure to a person"
                suggestion = "describe the action and why it made sense at the time (what the person knew and saw)"
            default:
                message = "\"\(quote)\" is on the team's list of blaming words"
                suggestion = "describe what happened and the conditions around it"
            }
            return CheckFinding(rule, severity(word), message + quotedNote(word), suggestion: suggestion, at: text.location(line: word.line, column: word.column))
        }
    }
}
