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

    /// The links a role's pages offer: only to what the access policy lets it see.
    static func navigation(for principal: Principal) -> [[String: String]] {
        var links: [[String: String]] = []
        if AccessPolicy.permits(principal, .readCounts, in: .common) { links.append(["href": "/", "label": "Dashboard"]) }
        if principal.role == .official || principal.role == .observer || principal.role == .mediator {
            links.append(["href": "/registry", "label": "Registry"])
        }
        if AccessPolicy.permits(principal, .readCaseStatus, in: principal.party.map(Scope.party) ?? .common) {
            links.append(["href": "/case", "label": "Case lookup"])
        }
        return links
    }
}

struct TemplatesMissing: ParleyError {
    var name: String?
    var code: String { "web.templates.missing" }
    var message: String { "the page template \(name ?? "folder") is missing from the installation" }
    var remedy: String { "Reinstall Parley with its resources folder beside the executable" }
}
