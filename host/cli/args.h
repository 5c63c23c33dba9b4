// Args: the command line of one subcommand, parsed against what that command declares
// (CommandSpec): `--name value` / `--name=value` options, flags, `-D key=value`
// overrides (repeatable) and positional words. Anything undeclared is a mistake, and the
// usage text is made from the same declaration, so the two cannot disagree.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace oversight {

struct OptionSpec {
  std::string name;                  // without the dashes: "db"
  std::string value;                 // what it takes, "FILE"; empty for a flag
  std::string help;                  // one short line for --help
  bool required = false;
  std::vector<std::string> choices;  // the only values allowed, if any (shown as a|b)
};

struct CommandSpec {
  std::string name;        // as typed after `oversight`: "check", "plan iro"
  std::string summary;     // what it does, one line
  std::vector<OptionSpec> options;
  std::string positional;  // the one positional word it takes ("DIR"), or empty for none
  bool overrides = false;  // takes `-D key=value`
  std::string notes;       // more lines for --help (e.g. "the password is read from stdin")
};

// The one-line synopsis: "oversight check --db FILE [--as-of YYYY-MM-DD] ...".
std::string Synopsis(const CommandSpec& spec);
// "usage: " and the synopsis wrapped to 80 columns, then the summary and one line per option.
std::string Usage(const CommandSpec& spec);
// The declared option nearest to a misspelt `name` (by edit distance), if one is near.
std::optional<std::string> NearestOption(const CommandSpec& spec, const std::string& name);

class Args {
 public:
  // Validates against `spec`: an undeclared option (with the nearest declared one
  // suggested), a value a flag does not take or an option lacks, a value outside its
  // choices, a stray positional word and a missing required option are errors.
  // `--help` and `-h` win over everything else: help_requested() and nothing checked.
  static Result<Args> Parse(const CommandSpec& spec, int argc, char** argv);

  std::optional<std::string> Get(const std::string& name) const;
  std::string GetOr(const std::string& name, const std::string& fallback) const;
  bool Has(const std::string& name) const { return options_.count(name) > 0; }
  bool help_requested() const { return help_; }
  const std::vector<std::string>& positional() const { return positional_; }
  const std::map<std::string, std::string>& overrides() const { return overrides_; }
  // The same arguments less some options.
  Args Without(const std::vector<std::string>& names) const {
    Args a = *this;
    for (const auto& n : names) a.options_.erase(n);
    return a;
  }

 private:
  std::map<std::string, std::string> options_;
  std::map<std::string, std::string> overrides_;
  std::vector<std::string> positional_;
  bool help_ = false;
};

// What a command does with its command line before its own work: nothing to do (the
// Args, to go on with), or the exit status after --help (0, usage on stdout) or a
// mistake (2, the mistake and the usage on stderr).
struct CommandLine {
  std::optional<Args> args;
  int exit_status = 0;
};
CommandLine ReadCommandLine(const CommandSpec& spec, int argc, char** argv);

// Exit status 2 with `message` and the usage on stderr, for mistakes a command finds
// itself (a combination of options the declaration cannot say).
int UsageError(const CommandSpec& spec, const std::string& message);

}  // namespace oversight
