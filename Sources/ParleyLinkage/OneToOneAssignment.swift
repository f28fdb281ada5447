/// Maximum-weight one-to-one assignment of candidate pairs.
///
/// Exact, not greedy: the graph of candidate pairs is split into connected components (union-find),
/// and each component is solved as a min-cost flow by successive shortest augmenting paths (Dijkstra
/// on reduced costs with node potentials). Augmenting stops as soon as the cheapest augmenting path no
/// longer adds weight, which gives a matching of maximum total weight (not necessarily of maximum size).
/// Benefits must be positive.
enum OneToOneAssignment {
    struct Edge: Sendable {
        var left: Int32
        var right: Int32
        var benefit: Double
    }

    /// Indices of the chosen edges, ascending.
    static func select(_ edges: [Edge]) -> [Int] {
        guard !edges.isEmpty else { return [] }
        var leftIndex: [Int32: Int] = [:]
        var rightIndex: [Int32: Int] = [:]
        for edge in edges {
            if leftIndex[edge.left] == nil { leftIndex[edge.left] = leftIndex.count }
            if rightIndex[edge.right] == nil { rightIndex[edge.right] = rightIndex.count }
        }
        let leftCount = leftIndex.count
        var parent = Array(0..<(leftCount + rightIndex.count))
        func root(_ node: Int) -> Int {
            var node = node
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        var endpoints: [(Int, Int)] = []
        endpoints.reserveCapacity(edges.count)
        for edge in edges {
            let (l, r) = (leftIndex[edge.left] ?? 0, leftCount + (rightIndex[edge.right] ?? 0))
            endpoints.append((l, r))
            let (a, b) = (root(l), root(r))
            if a != b { parent[a] = b }
        }
        var components: [Int: [Int]] = [:]
        for (index, (l, _)) in endpoints.enumerated() { components[root(l), default: []].append(index) }
        var chosen: [Int] = []
        for (_, members) in components {
            if members.count == 1 {
                chosen.append(members[0])
                continue
            }
            let local = members.map { (endpoints[$0].0, endpoints[$0].1 - leftCount, edges[$0].benefit) }
            for picked in solveComponent(local) { chosen.append(members[picked]) }
        }
        return chosen.sorted()
    }

    /// Max-weight matching of one component; edges are (left node, right node, benefit) with any node
    /// numbering; returns indices into `edges`.
    static func solveComponent(_ edges: [(Int, Int, Double)]) -> [Int] {
        var leftIDs: [Int: Int] = [:]
        var rightIDs: [Int: Int] = [:]
        for (l, r, _) in edges {
            if leftIDs[l] == nil { leftIDs[l] = leftIDs.count }
            if rightIDs[r] == nil { rightIDs[r] = rightIDs.count }
        }
        let leftCount = leftIDs.count
        let rightCount = rightIDs.count
        // Nodes: 0 source, 1...L left, L+1...L+R right, L+R+1 sink.
        let sink = leftCount + rightCount + 1
        let nodeCount = sink + 1
        var outgoing = [[Int]](repeating: [], count: leftCount)
        var incoming = [[Int]](repeating: [], count: rightCount)
        let ends = edges.map { (leftIDs[$0.0] ?? 0, rightIDs[$0.1] ?? 0, $0.2) }
        for (index, (l, r, _)) in ends.enumerated() {
            outgoing[l].append(index)
            incoming[r].append(index)
        }
        var matchOfLeft = [Int](repeating: -1, count: leftCount)
        var matchOfRight = [Int](repeating: -1, count: rightCount)
        var potential = [Double](repeating: 0, count: nodeCount)
        for r in 0..<rightCount {
            potential[1 + leftCount + r] = incoming[r].map { -ends[$0].2 }.min() ?? 0
        }
        potential[sink] = (0..<rightCount).map { potential[1 + leftCount + $0] }.min() ?? 0

        while true {
            var distance = [Double](repeating: .infinity, count: nodeCount)
            var viaEdge = [Int](repeating: -1, count: nodeCount)
            var previous = [Int](repeating: -1, count: nodeCount)
            var done = [Bool](repeating: false, count: nodeCount)
            var heap = MinHeap()
            distance[0] = 0
            heap.push(0, 0)
            func relax(_ from: Int, _ to: Int, cost: Double, edge: Int) {
                let reduced = max(0, cost + potential[from] - potential[to])
                let candidate = distance[from] + reduced
                if candidate < distance[to] - 1e-12 {
                    distance[to] = candidate
                    previous[to] = from
                    viaEdge[to] = edge
                    heap.push(candidate, to)
                }
            }
            while let (_, node) = heap.pop() {
                if done[node] { continue }
                done[node] = true
                if node == 0 {
                    for l in 0..<leftCount where matchOfLeft[l] < 0 { relax(0, 1 + l, cost: 0, edge: -1) }
                } else if node <= leftCount {
                    let l = node - 1
                    for index in outgoing[l] where matchOfLeft[l] != index {
                        relax(node, 1 + leftCount + ends[index].1, cost: -ends[index].2, edge: index)
                    }
                } else if node < sink {
                    let r = node - 1 - leftCount
                    if matchOfRight[r] >= 0 {
                        let index = matchOfRight[r]
                        relax(node, 1 + ends[index].0, cost: ends[index].2, edge: index)
                    } else {
                        relax(node, sink, cost: 0, edge: -1)
                    }
                }
            }
            guard distance[sink].isFinite else { break }
            let pathCost = distance[sink] + potential[sink] - potential[0]
            guard pathCost < -1e-9 else { break }
            var node = sink
            while node != 0 {
                let from = previous[node]
                let edge = viaEdge[node]
                if edge >= 0 {
                    if from <= leftCount && from >= 1 {
                        matchOfLeft[from - 1] = edge
                        matchOfRight[node - 1 - leftCount] = edge
                    }
                }
                node = from
            }
            let limit = distance[sink]
            for index in 0..<nodeCount { potential[index] += min(distance[index], limit) }
        }
        return matchOfLeft.filter { $0 >= 0 }.sorted()
    }
}

/// A binary min-heap of (priority, node) for Dijkstra.
struct MinHeap {
    private var items: [(Double, Int)] = []

    mutating func push(_ priority: Double, _ node: Int) {
        items.append((priority, node))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].0 < items[parent].0 else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count && items[left].0 < items[smallest].0 { smallest = left }
                if right < items.count && items[right].0 < items[smallest].0 { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
