import Foundation
import ParleyCore

/// Rounds of talks and exchanges on one time axis, drawn as SVG: rounds as bars above the axis,
/// exchanges as marks below it with the number of persons released.
struct Timeline {
    let rounds: [Saved<Round>]
    let exchanges: [Saved<Exchange>]

    static let width = 720.0
    static let height = 120.0
    static let margin = 40.0

    var svg: String {
        let days = rounds.flatMap { [$0.startsOn.dayNumber, $0.endsOn.dayNumber] } + exchanges.map(\.date.dayNumber)
        guard let first = days.min(), let last = days.max() else { return "<p>No talks or exchanges on record.</p>" }
        let span = Double(max(1, last - first))
        func x(_ day: Int) -> Double { Self.margin + (Self.width - 2 * Self.margin) * Double(day - first) / span }
        func number(_ value: Double) -> String { String(Int(value.rounded())) }
        var parts = [
            "<svg class=\"timeline\" role=\"img\" aria-label=\"Timeline of talks and exchanges\" viewBox=\"0 0 \(number(Self.width)) \(number(Self.height))\" xmlns=\"http://www.w3.org/2000/svg\">",
            "<line x1=\"\(number(Self.margin))\" y1=\"60\" x2=\"\(number(Self.width - Self.margin))\" y2=\"60\" stroke=\"#5b6570\"/>",
        ]
        for round in rounds {
            let start = x(round.startsOn.dayNumber)
            let width = max(4, x(round.endsOn.dayNumber) - start)
            parts.append(
                "<rect x=\"\(number(start))\" y=\"40\" width=\"\(number(width))\" height=\"16\" fill=\"#16324f\"><title>\(escape("Round \(round.id.rawValue): \(round.venueCity), \(round.startsOn) to \(round.endsOn)"))</title></rect>"
            )
            parts.append("<text x=\"\(number(start))\" y=\"34\">\(escape("\(round.venueCity) \(round.startsOn)"))</text>")
        }
        for exchange in exchanges {
            let at = x(exchange.date.dayNumber)
            let released = exchange.deliveries.reduce(0) { $0 + $1.count }
            parts.append(
                "<circle cx=\"\(number(at))\" cy=\"72\" r=\"6\" fill=\"#2a9d8f\"><title>\(escape("Exchange \(exchange.date): \(released) released"))</title></circle>"
            )
            parts.append("<text x=\"\(number(at - 20))\" y=\"96\">\(escape("\(exchange.date) · \(released)"))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
