// Every command and subcommand of `oversight` with the options it takes, declared once:
// Args::Parse checks a command line against this, and --help is made from it. To add an
// option or a command, add it to the table in command_table.cc.
#pragma once

#include <string>
#include <vector>

#include "cli/args.h"

namespace oversight {

// The version `oversight --version` prints (CMake's project version).
const char* Version();

const std::vector<CommandSpec>& Commands();
// The declaration of "check", "plan iro", ...; the program stops if there is none (a bug).
const CommandSpec& Command(const std::string& name);

// `oversight --help`: one line per command.
std::string ProgramUsage();
// The usage of every subcommand of a group ("plan", "user", "policy").
std::string GroupUsage(const std::string& group);
// For a group's command line (`plan iro ...`): the subcommand's declaration, or the exit
// status after `plan --help` (0) or a missing or unknown subcommand (2), already reported.
struct Subcommand {
  const CommandSpec* spec = nullptr;
  int exit_status = 0;
};
Subcommand FindSubcommand(const std::string& group, int argc, char** argv);

}  // namespace oversight
