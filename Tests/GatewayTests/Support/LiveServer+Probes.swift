import Foundation

/// The two requests the policy suites send over and over: `GET users/me` with Basic, and
/// `wp.getUsersBlogs(login, password)` through python's `xmlrpc.client`.
extension LiveServer {
    func usersMe(_ login: String, _ password: String) throws -> RawClient.Response {
        try RawHTTP.request("GET", "/wp-json/wp/v2/users/me", port: port, basic: (login, password))
    }

    func usersBlogs(_ login: String, _ password: String) throws -> PythonXMLRPC.Outcome {
        try PythonXMLRPC.call(baseURL + "/xmlrpc.php", "wp.getUsersBlogs", [login, password])
    }
}
