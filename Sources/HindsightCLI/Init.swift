import ArgumentParser
import Foundation
import Hindsight

/// `hindsight init`: writes a commented `.hindsight.yml` with the team defaults.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented .hindsight.yml (team defaults for every command) into the current folder.",
        discussion: """
            Commands find the file by walking up from their first input's folder to the folder that holds .git. \
            Every key is described in docs/configuration.md.
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the configuration to this file instead.", valueName: "file"))
    var output: String = ".hindsight.yml"

    @Flag(help: "Overwrite an existing configuration file.")
    var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: output) && !force {
            throw CommandFailure.invalid("\(output): error: already exists; pass --force to overwrite it")
        }
        try Files.write(HindsightConfiguration.template, to: output)
        Console.error("hindsight: wrote \(output); edit it, then every command in this repository uses it")
    }
}
