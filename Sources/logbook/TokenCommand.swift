import ArgumentParser
import Foundation
import LogbookCore
import LogbookStore

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke the bearer tokens of `logbook serve`.",
        subcommands: [TokenCreate.self, TokenList.self, TokenRevoke.self]
    )
}

extension TokenScope: ExpressibleByArgument {}

struct TokenCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a token and print it on the last line (it is shown only once).",
        discussion: "read: reads, replay and queries; write: also appends; admin: everything. The store keeps only the token's SHA-256."
    )
    @Option(help: "read, write or admin.") var scope: TokenScope
    @Option(help: "A name to recognise (and revoke) it by.") var name: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            let (token, stored) = try TokenStore(directory: store.directory).create(scope: scope, name: name)
            StandardError.write("created \(stored.id) (\(stored.scope.rawValue)\(stored.name.map { ", \($0)" } ?? "")); export it as LOGBOOK_TOKEN:\n")
            print(token)
        } catch {
            throw fail(error)
        }
    }
}

struct TokenList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tokens (never the tokens themselves).")
    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            let tokens = try TokenStore(directory: store.directory).list()
            TableRenderer.print(
                tokens.map { [$0.id, $0.name ?? "-", $0.scope.rawValue, TableRenderer.time($0.createdAtMs)] },
                columns: ["id", "name", "scope", "created_at"])
        } catch {
            throw fail(error)
        }
    }
}

struct TokenRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token by its id or name.")
    @Argument(help: "The token's id (tok_…) or name.") var token: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            guard try TokenStore(directory: store.directory).revoke(token) else {
                throw fail(LogbookError(code: .notFound, message: "no token \(token) (see `logbook token list`)"))
            }
            print("revoked \(token)")
        } catch let error as LogbookError {
            throw fail(error)
        }
    }
}
