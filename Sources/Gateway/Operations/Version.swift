/// What `dualgate --version` prints and `dualgate_build_info{version}` carries. A constant: embedding
/// `git describe` would need a build plugin, and SwiftPM package dependencies are not allowed here.
package enum Version {
    package static let string = "0.17.0"
}
