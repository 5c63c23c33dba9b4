// The declaration of every command's options (see command_table.h).
#include "cli/command_table.h"

#include <cstdlib>
#include <iostream>

namespace oversight {

namespace {

OptionSpec Value(std::string name, std::string value, std::string help, bool required = false) {
  OptionSpec o;
  o.name = std::move(name);
  o.value = std::move(value);
  o.help = std::move(help);
  o.required = required;
  return o;
}

OptionSpec Flag(std::string name, std::string help) { return Value(std::move(name), "", std::move(help)); }

OptionSpec Choice(std::string name, std::vector<std::string> choices, std::string help, bool required = false) {
  OptionSpec o = Value(std::move(name), "", std::move(help), required);
  o.choices = std::move(choices);
  return o;
}

OptionSpec Format(std::vector<std::string> choices) {
  const std::string help = "how to print it (default: " + choices[0] + ")";
  return Choice("format", std::move(choices), help);
}

// Which of the shared parts a command takes.
enum Takes { kNothingElse = 0, kOverrides = 1 };

CommandSpec Cmd(std::string name, std::string summary, std::vector<OptionSpec> options, Takes takes = kNothingElse,
                std::string positional = "", std::string notes = "") {
  CommandSpec c;
  c.name = std::move(name);
  c.summary = std::move(summary);
  c.options = std::move(options);
  c.overrides = takes == kOverrides;
  c.positional = std::move(positional);
  c.notes = std::move(notes);
  return c;
}

std::vector<CommandSpec> Table() {
  // The options several commands share, written once.
  const OptionSpec db = Value("db", "FILE", "the store, the SQLite file that import writes", true);
  const OptionSpec as_of = Value("as-of", "YYYY-MM-DD", "judge the data as of this day (default: today)");
  const OptionSpec config = Value("config", "FILE", "settings instead of config/oversight.properties");
  const OptionSpec plugins = Value("plugins", "DIR", "policy plugins instead of the shipped ones");
  const OptionSpec policy_settings = Value("policy-settings", "FILE", "policy settings instead of config/policy.lua");
  const OptionSpec username = Value("username", "U", "the user's name for signing in", true);
  const OptionSpec as_user = Value("as", "USER", "who acts: an HR user or admin of the store", true);
  const OptionSpec reason = Value("reason", "TEXT", "why, in a sentence (kept with the version)", true);
  auto plan = [&](std::vector<OptionSpec> own) {
    own.insert(own.begin(), db);
    for (const OptionSpec& o : {as_of, Format({"table", "json"}), plugins, policy_settings, config}) own.push_back(o);
    return own;
  };
  return {
      Cmd("import", "Load a council's CSV extract into the store (all or nothing).",
          {db, Choice("from", {"native", "ssd"}, "the extract's layout (default: native)"),
           Flag("quiet", "no progress and no summary on stderr"), Flag("timings", "how long each phase took")},
          kNothingElse, "DIR"),
      Cmd("check", "List every exception on a day.",
          {db, as_of, Format({"table", "jsonl"}), plugins, policy_settings, config}, kOverrides),
      Cmd("measures", "Compliance and caseload figures per team and service.",
          {db, as_of, Format({"table", "json"}), Value("trend", "WEEKS", "the figures of the last WEEKS weekly runs"),
           plugins, policy_settings, config},
          kOverrides),
      Cmd("weekly", "Queue and send the week's emails (each at most once a week).",
          {db, as_of, Value("outbox", "DIR", "write .eml files into DIR instead of sending"), plugins,
           policy_settings, config},
          kOverrides),
      Cmd("serve", "The dashboard, and the weekly job on its schedule.",
          {db, Value("listen", "HOST:PORT", "serve the dashboard here"), plugins, policy_settings, config},
          kOverrides, "",
          "While the extract it starts with is older than mail.stale_after_days (a sample,\n"
          "a restored backup), the weekly job waits until a newer one is imported."),
      Cmd("policy check", "Validate the plugins and settings (docs/plugin-api.md).",
          {plugins, policy_settings, Value("db", "FILE", "check service and team keys against this store"), as_of,
           config},
          kOverrides),
      Cmd("policy test", "Run the plugins' test cases; list codes none covers.",
          {plugins, policy_settings, Value("filter", "TEXT", "only the cases whose name holds TEXT"),
           Value("min-coverage", "PERCENT", "fail when fewer of the plugins' codes are covered"), config},
          kOverrides),
      Cmd("policy propose", "Propose a draft policy, checked first, for approval.",
          {db, as_user, reason, Value("plugins", "DIR", "the draft plugins (default: those in force)"),
           Value("policy-settings", "FILE", "the draft settings (default: those in force)"),
           Flag("from-repository", "the repository's plugins and settings, as they are"), config},
          kOverrides, "",
          "--as names a user of the store (oversight user add). Whoever runs the command\n"
          "line can read the files anyway: --as says on whose behalf. Another HR user or\n"
          "an admin approves it (policy approve) before it is in force."),
      Cmd("policy approve", "Put a proposed version in force (never its author).", {db, as_user, config}, kOverrides,
          "N"),
      Cmd("policy reject", "Turn a proposed version down (its author: withdraw).", {db, as_user, reason, config},
          kOverrides, "N"),
      Cmd("policy versions", "Every policy version: who, when, why; which is in force.", {db, config}, kOverrides),
      Cmd("policy diff", "What version N changes, file by file.",
          {db, Value("from", "M", "compare with version M (default: the one N changed)"), config},
          kOverrides, "N"),
      Cmd("policy restore", "Propose a copy of an older version N, for approval.", {db, as_user, reason, config},
          kOverrides, "N"),
      Cmd("whatif", "What a draft policy would change (checked first).",
          {db, Value("plugins", "DRAFT_DIR", "the draft plugins (default: the shipped ones)"),
           Value("policy-settings", "DRAFT", "the draft policy settings"), as_of, Format({"table", "json"}), config},
          kOverrides),
      Cmd("history", "Past runs and their policy versions.", {db, Value("limit", "N", "the newest N runs (50)")}),
      Cmd("plan new-case", "Who is best placed for a new case (give --team or --service).",
          plan({Value("team", "T", "a team's id"), Value("service", "S", "every team of a service"),
                Value("case-type", "TYPE", "the new case's type, e.g. CP", true)}),
          kOverrides),
      Cmd("plan rebalance", "Moves that bring a team within cap.", plan({Value("team", "T", "the team's id", true)}),
          kOverrides),
      Cmd("plan iro", "IRO FTE needed against the FTE there is.", plan({}), kOverrides),
      Cmd("user add", "Create a dashboard user.",
          {db, username, Choice("role", {"admin", "hr", "manager"}, "what they may see", true),
           Value("worker-id", "W", "a manager's worker id in the extract")},
          kNothingElse, "", "The password is read from standard input (one line), never an argument."),
      Cmd("user passwd", "Set a password, read from stdin (sessions end).", {db, username}),
      Cmd("user remove", "Remove a dashboard user (their sessions end).", {db, username}),
      Cmd("user list", "Who can sign in.", {db}),
      Cmd("backup", "Back up the store and its state; safe while serve runs.", {db}, kNothingElse, "DIR",
          "Writes the folder DIR/oversight-backup-YYYYMMDDTHHMMSSZ (UTC) holding\n"
          "store.sqlite and state.sqlite."),
      Cmd("restore", "Put a backup (one folder) back as the store and its state.",
          {db, Flag("force", "replace an existing store (kept as FILE.replaced-WHEN)")}, kNothingElse, "DIR",
          "Stop `oversight serve` first. Without --force an existing store is never\n"
          "replaced."),
      Cmd("purge", "Delete sent mail and old exceptions past retention.months.",
          {db, Flag("dry-run", "only say what would be deleted"), config}, kOverrides),
  };
}

}  // namespace

const char* Version() { return OVERSIGHT_VERSION; }

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> table = Table();
  return table;
}

const CommandSpec& Command(const std::string& name) {
  for (const CommandSpec& c : Commands()) {
    if (c.name == name) return c;
  }
  std::cerr << "oversight: internal error: no declaration of the command '" << name << "'\n";
  std::abort();
}

std::string ProgramUsage() {
  std::string out = "usage: oversight COMMAND [options]    (oversight COMMAND --help: its options)\n\n";
  for (const CommandSpec& c : Commands()) {
    out += "  " + c.name + std::string(c.name.size() < 16 ? 16 - c.name.size() : 1, ' ') + c.summary + "\n";
  }
  out += "\nDates are YYYY-MM-DD; without --as-of the day is today.\n"
         "oversight --version prints the version.\n";
  return out;
}

std::string GroupUsage(const std::string& group) {
  std::string out = "usage: oversight " + group + " SUBCOMMAND [options]\n\n";
  for (const CommandSpec& c : Commands()) {
    if (c.name.rfind(group + " ", 0) != 0) continue;
    const std::string sub = c.name.substr(group.size() + 1);
    out += "  " + sub + std::string(sub.size() < 12 ? 12 - sub.size() : 1, ' ') + c.summary + "\n";
  }
  return out + "\noversight " + group + " SUBCOMMAND --help: its options\n";
}

Subcommand FindSubcommand(const std::string& group, int argc, char** argv) {
  const std::string sub = argc < 1 ? "" : argv[0];
  if (sub == "--help" || sub == "-h") {
    std::cout << GroupUsage(group);
    return {nullptr, 0};
  }
  for (const CommandSpec& c : Commands()) {
    if (c.name == group + " " + sub) return {&c, 0};
  }
  std::cerr << "oversight " << group << ": "
            << (sub.empty() ? std::string("which one?") : "unknown subcommand '" + sub + "'") << "\n"
            << GroupUsage(group);
  return {nullptr, 2};
}

}  // namespace oversight
