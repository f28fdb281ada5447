import Foundation
import Hummingbird
import Mustache
import ParleyCore
import ParleyStore

/// The HTML pages: Mustache templates from the module's resources, each framed by the same layout.
public struct Views: Sendable {
    let library: MustacheLibrary

    /// Reads the templates shipped with the module.
    public static func shipped() async throws -> Views {
        guard let folder = Bundle.module.url(forResource: "templates", withExtension: nil, subdirectory: "Resources") else {
            throw TemplatesMissing()
        }
        let library = try await MustacheLibrary(directory: folder.path)
        guard library.getTemplate(named: "head") != nil else { throw TemplatesMissing(name: "head") }
        return Views(library: library)
    }

    /// A page: `name`'s template with `values`, framed by the layout with the signed-in person and the navigation.
    func page(_ name: String, title: String, context: WebContext, values: [String: Any] = [:]) throws -> Response {
        var all = values
        all["title"] = title
        if let session = context.session {
            let principal = session.account.principal
            all["user"] = ["username": session.account.username, "principal": principal.description]
            all["csrf"] = session.csrfToken
            all["nav"] = Self.navigation(for: principal)
        }
        guard let html = library.render(all, withTemplate: name) else { throw TemplatesMissing(name: name) }
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A part of a page: `name`'s template with `values`, without the layout, for a page to hold as it is.
    func fragment(_ name: String, values: [String: Any]) throws -> String {
        guard let html = library.render(values, withTemplate: name) else { throw TemplatesMissing(name: name) }
        return html
    }

    /// The links a role's pages offer: only to what the access policy lets it see.
    static func navigation(for principal: Principal) -> [[String: String]] {
        let role = principal.role
        var links: [[String: String]] = []
        func offer(_ href: String, _ label: String, when allowed: Bool) {
            if allowed { links.append(["href": href, "label": label]) }
        }
        offer("/", "Dashboard", when: AccessPolicy.permits(principal, .readCounts, in: .common))
        offer("/registry", "Registry", when: role == .official || role == .observer)
        offer(
            "/import", "Import",
            when: principal.party.map { AccessPolicy.permits(principal, .writeRecords, in: .party($0)) } ?? false)
        offer("/review", "Review", when: role == .official || role == .observer)
        offer("/talks", "Talks", when: AccessPolicy.permits(principal, .readTalks, in: .common))
        offer("/lists", "Lists", when: role == .official || role == .observer || role == .mediator)
        offer("/journal", "Journal", when: AccessPolicy.permits(principal, .verifyJournal, in: .common))
        offer("/node", "Node", when: AccessPolicy.permits(principal, .exchangeTransmissions, in: .common))
        offer("/case", "Case lookup", when: role == .official || role == .liaison)
        offer("/users", "Users", when: AccessPolicy.permits(principal, .manageUsers, in: .common))
        return links
    }
}

struct TemplatesMissing: ParleyError {
    var name: String?
    var code: String { "web.templates.missing" }
    var message: String { "the page template \(name ?? "folder") is missing from the installation" }
    var remedy: String { "Reinstall Parley with its resources folder beside the executable" }
}
