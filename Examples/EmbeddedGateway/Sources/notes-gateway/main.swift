import CredentialCore
import Foundation
import Gateway
import NotesGateway
import RESTRoutes
import XMLRPC

// notes-gateway [DATABASE] [PORT]: dualgate's XML-RPC and REST API plus the notes, on one port.
// Users and passwords are managed with dualgate's CLI on the same file:
//   dualgate user add writer --db notes.sqlite && dualgate app-password create writer --name app --db notes.sqlite
let arguments = CommandLine.arguments.dropFirst()
let database = arguments.first ?? "notes.sqlite"
var options = DualgateServer.Options()
options.port = arguments.dropFirst().first.flatMap(UInt16.init) ?? 8080
options.handlesSignals = true
let notes = Notes()
let server = try DualgateServer(databasePath: database,
                                methods: MethodRegistry.standard(enableValidator: false).adding(notes.xmlrpcMethods),
                                routes: RESTRoute.standard + notes.restRoutes, options: options)
print("notes-gateway listening on http://\(options.host):\(try server.bind())")
fflush(nil)   // every stream: the line must reach a pipe or file before run() blocks
try server.run()
