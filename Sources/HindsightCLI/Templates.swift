import ArgumentParser
import Foundation
import Hindsight

/// `hindsight templates`: work with the report templates.
struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Export the built-in report templates for customisation.",
        subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the built-in templates into a folder; pass it back with --templates.")

        @Argument(help: ArgumentHelp("The folder to write the templates into.", valueName: "folder"))
        var folder: String

        @Flag(help: "Overwrite templates already in the folder.")
        var force = false

        func run() throws {
            for (file, text) in ReportTemplates.defaultSources {
                let path = (folder as NSString).appendingPathComponent(file)
                if FileManager.default.fileExists(atPath: path) && !force {
                    throw CommandFailure.invalid("\(path): error: already exists; pass --force to overwrite it")
                }
                try Files.write(text, to: path)
                Console.output("\(path)\n")
            }
        }
    }
}
