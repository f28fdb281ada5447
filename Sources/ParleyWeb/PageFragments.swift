import ParleyCore
import Synchronization

/// Parts of pages already rendered, each for one principal at one version of the database
/// (``ParleyStore/AppDatabase/version()``), so that a page asked for again, or by the same
/// person paging back, is not searched and rendered again while nothing has changed.
///
/// A part is kept for the principal it was rendered for and handed to nobody else: it holds
/// what that principal was allowed to read at that version. A part of an older version is
/// never handed out; the least recently used parts go first when the cache is full.
final class PageFragments: Sendable {
    /// What a part is rendered from: the view, whom it was rendered for, and what was asked.
    struct Key: Hashable, Sendable {
        let view: String
        let principal: Principal
        let arguments: [String]
    }

    /// A rendered part, and the title of the page it belongs in.
    struct Fragment: Sendable {
        let title: String
        let html: String
    }

    private struct Entry: Sendable {
        let version: Int64
        let fragment: Fragment
        var lastUse: UInt64
    }

    private struct State: Sendable {
        var entries: [Key: Entry] = [:]
        var clock: UInt64 = 0
    }

    private let state = Mutex(State())
    /// The most parts kept: a few pages' worth each, some megabytes in all.
    let capacity: Int

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The part for `key` at `version`: the one kept, or `render`'s, which is then kept.
    func fragment(_ key: Key, version: Int64, render: () throws -> Fragment) throws -> Fragment {
        let kept = state.withLock { state -> Fragment? in
            guard let entry = state.entries[key], entry.version == version else { return nil }
            state.clock += 1
            state.entries[key]?.lastUse = state.clock
            return entry.fragment
        }
        if let kept { return kept }
        let fragment = try render()
        state.withLock { state in
            // A part rendered at a newer version than was asked for is still kept under the older one: it holds
            // nothing older than that version, and the next reader of the newer version renders its own.
            state.clock += 1
            state.entries[key] = Entry(version: version, fragment: fragment, lastUse: state.clock)
            if state.entries.count > capacity { Self.evict(&state, keeping: capacity * 3 / 4, newest: version) }
        }
        return fragment
    }

    /// Drops parts of older versions, then the least recently used, until `count` are left.
    private static func evict(_ state: inout State, keeping count: Int, newest version: Int64) {
        state.entries = state.entries.filter { $0.value.version >= version }
        guard state.entries.count > count else { return }
        let recent = state.entries.sorted { $0.value.lastUse > $1.value.lastUse }.prefix(count)
        state.entries = Dictionary(uniqueKeysWithValues: recent.map { ($0.key, $0.value) })
    }
}
