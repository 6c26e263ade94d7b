import Foundation
import Gateway
#if canImport(Glibc)
import Glibc
#endif

exit(CommandLineInterface.run(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
