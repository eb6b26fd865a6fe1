/// Remembers how zone names resolved while one document is read, so each distinct
/// name (`PDT`, `Europe/Berlin`) is looked up once however many entries use it.
final class ZoneCache {
    private var resolved: [String: NamedZone?] = [:]

    /// The zone a name stands for, or nil when it is not a zone (see ``ZoneNames/resolve(_:)``).
    func resolve(_ name: String) -> NamedZone? {
        if let known = resolved[name] { return known }
        let zone = ZoneNames.resolve(name)
        resolved[name] = zone
        return zone
    }
}
