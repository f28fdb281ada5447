import Foundation
import LinkageSynthetic
import ParleyCore
import PropertyBased
import Synchronization
import Testing

@testable import ParleyLinkage

@Suite("Linker edge cases")
struct LinkerEdgeCaseTests {
    @Test("Empty lists give no pairs and no comparisons")
    func emptyLists() async throws {
        let linker = try Linker()
        let result = await linker.link(held: [], sought: [LinkageRecord(id: "s", surname: "Шевченко")])
        #expect(result.pairs.isEmpty)
        #expect(result.blocking.comparedPairs == 0)
        let alone = await linker.deduplicate([])
        #expect(alone.pairs.isEmpty)
    }

    @Test("Explanations can be turned off; progress reaches done")
    func explainOff() async throws {
        let lists = try #require(background)
        let stages = StageRecorder()
        let result = try await Linker(configuration: LinkageConfiguration(explain: false))
            .link(held: Array(lists.held.prefix(200)), sought: Array(lists.sought.prefix(200))) { progress in
                stages.add(progress.stage)
            }
        #expect(result.pairs.allSatisfy { $0.explanation.isEmpty })
        #expect(stages.all.last == .done)
        #expect(stages.all.contains(.scoring))
    }
}
