import CredentialCore

/// The POSTs of the profile page, after the form token was checked: create, revoke, revoke all,
/// disable, enable, approve. The rules are the REST API's (`ApplicationPasswordHandlers`): anyone
/// manages their own passwords, administrators anyone's; approving and re-enabling are an
/// administrator's decision. Every action answers with a redirect (a reload repeats nothing); after
/// create it names the new uuid, and the page shows the password once (`NewPasswordFlash`).
struct PasswordActions {
    let ui: WebUI
    let request: WebRequest
    let session: WebSession
    let target: User
    let base: String

    /// What a redirect after an action reports (a fixed code in the URL, never free text).
    enum Outcome: String {
        case revoked, revokedAll = "revoked-all", disabled, enabled, approved

        var message: String {
            switch self {
            case .revoked: "Application password revoked."
            case .revokedAll: "All application passwords revoked."
            case .disabled: "Application password disabled."
            case .enabled: "Application password enabled."
            case .approved: "Application password approved."
            }
        }
    }

    func run() -> HTTPResponse {
        let uuid = request.formValue("uuid") ?? ""
        let isAdmin = session.user.role.canEditOtherUsers
        do {
            switch request.formValue("action") ?? "" {
            case "create": return try create()
            case "revoke":
                guard try ui.store.revokePassword(uuid: uuid, of: target.id) != nil else { return missing() }
                return done(.revoked)
            case "revoke-all":
                _ = try ui.store.revokeAllPasswords(of: target.id)
                return done(.revokedAll)
            case "disable":
                guard try ui.store.setStatus(.disabled, uuid: uuid, of: target.id) != nil else { return missing() }
                return done(.disabled)
            case "enable", "approve":
                guard isAdmin else { return ui.notAllowed(session) }
                let approving = request.formValue("action") == "approve"
                guard let record = try ui.store.password(uuid: uuid, of: target.id) else { return missing() }
                guard record.status == (approving ? .pending : .disabled) else { return missing() }
                _ = try ui.store.setStatus(.active, uuid: uuid, of: target.id)
                return done(approving ? .approved : .enabled)
            default:
                return ui.render(session, target: target, base: base, notice: .error("Unknown action."), status: 400)
            }
        } catch {
            return ui.render(session, target: target, base: base, notice: .error(Self.wording(error)), status: 400)
        }
    }

    private func create() throws(StoreError) -> HTTPResponse {
        var enabledFor: Set<APIType> = []
        if request.formHas("api_rest") { enabledFor.insert(.rest) }
        if request.formHas("api_xmlrpc") { enabledFor.insert(.xmlrpc) }
        var expires: Int64?
        if let text = request.formValue("expires"), !text.isEmpty {
            guard let day = GMTTimeParser.parse(text), text.utf8.count == 10 else {
                return ui.render(session, target: target, base: base, notice: .error("The expiry date must be a date (YYYY-MM-DD)."), status: 400)
            }
            expires = day + 86_399                                   // the end of that day, UTC
        }
        let networkTexts = (request.formValue("allowed_networks") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
        let networks = try NetworkRange.parseList(networkTexts)
        let passwordRequest = PasswordRequest(name: request.formValue("name") ?? "", enabledFor: enabledFor,
                                              restAPIPermission: request.formHas("rest_read_only") ? .read : .write,
                                              xmlRPCPermission: request.formHas("xmlrpc_read_only") ? .read : .write,
                                              expires: expires, allowedNetworks: networks)
        let created = try ui.store.createPassword(passwordRequest, for: target.id)
        return WebPage.redirect(base + (base.contains("?") ? "&" : "?") + "created=" + created.record.uuid,
                                headers: [NewPasswordFlash.cookie(created, session: session, https: request.origin.isHTTPS)])
    }

    private func done(_ outcome: Outcome) -> HTTPResponse {
        WebPage.redirect(base + (base.contains("?") ? "&" : "?") + "updated=" + outcome.rawValue)
    }

    private func missing() -> HTTPResponse {
        ui.render(session, target: target, base: base, notice: .error("That application password does not exist (any more), or is not in that state."), status: 404)
    }

    /// The store's refusals in the page's words (the CLI's wording is the closest to a person's).
    static func wording(_ error: StoreError) -> String {
        if case .database = error { return "The change could not be saved. Please try again." }
        return error.description
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
