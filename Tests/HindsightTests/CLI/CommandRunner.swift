import Foundation

/// Runs the built `hindsight` executable, as a user would.
struct CommandRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// `.uncaughtSignal` when the process was ended by a signal (a trap, or the timeout).
        var terminationReason: Process.TerminationReason = .exit
        /// Whether the run was killed for taking longer than its timeout.
        var timedOut = false
        /// How long the run took, in seconds.
        var seconds: Double = 0
    }

    /// The `hindsight` binary built beside the test bundle.
    static let executable: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        // macOS runs tests from inside an .xctest bundle: climb out of it.
        while folder.path.contains(".xctest") { folder = folder.deletingLastPathComponent() }
        return folder.appendingPathComponent("hindsight")
    }()

    /// The repository root (for samples and templates).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs the command and waits for it; with a `timeout` (seconds), a run still going
    /// after it is killed (SIGKILL) and reported as `timedOut`. `environment` changes the
    /// child's environment (nil removes a variable); `NO_COLOR` is set unless it says otherwise.
    static func run(
        _ arguments: [String], in directory: URL? = nil, stdin: Data? = nil, timeout: Double? = nil,
        environment changes: [String: String?] = [:]
    ) throws -> Result {
        let started = Date()
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? root
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (name, value) in changes { environment[name] = value }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var timedOut = false
        if let timeout {
            let pid = process.processIdentifier
            DispatchQueue.global().async {
                if finished.wait(timeout: .now() + timeout) == .timedOut {
                    timedOut = true
                    kill(pid, SIGKILL)
                }
            }
        }
        // Read both pipes concurrently so a full pipe cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        finished.signal()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), terminationReason: process.terminationReason,
            timedOut: timedOut, seconds: Date().timeIntervalSince(started))
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
