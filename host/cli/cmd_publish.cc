// `oversight policy propose|approve|reject|versions|diff|restore`: publishing policy with
// a second pair of eyes (policy/publishing/publishing.h) on the command line. --as names
// a user of the store (`oversight user add`): whoever runs the command line can read the
// files anyway; --as says on whose behalf, and the rules of who may approve hold.
#include <sys/stat.h>

#include <iostream>
#include <optional>
#include <string>

#include "cli/args.h"
#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/run_options.h"
#include "common/text_columns.h"
#include "policy/publishing/publishing.h"
#include "policy/publishing/version_diff.h"
#include "policy/publishing/version_words.h"
#include "web/users.h"

namespace oversight {

namespace {

// What every publishing command starts from: its line, the store and the repository.
struct Publishing {
  const CommandSpec* spec = nullptr;
  std::optional<Args> args;
  std::optional<CommandSetup> setup;
  std::optional<StateStore> state;
  int exit_status = 0;  // when not ready: the status to exit with
  bool ready() const { return state.has_value(); }
};

Publishing Start(const CommandSpec& spec, int argc, char** argv) {
  Publishing p;
  p.spec = &spec;
  CommandLine line = ReadCommandLine(spec, argc, argv);
  if (!line.args) {
    p.exit_status = line.exit_status;
    return p;
  }
  p.args = std::move(line.args);
  auto setup = SetupFrom(*p.args, false);
  Result<StateStore> state = setup.ok() ? StateStore::Open(*p.args->Get("db")) : Result<StateStore>(setup.status());
  if (!state.ok()) {
    std::cerr << "oversight " << spec.name << ": " << state.status().message() << "\n";
    p.exit_status = 2;
    return p;
  }
  p.setup = std::move(setup.value());
  struct stat st;  // without an extract yet, `policy check` has no services to check keys against
  if (stat(p.setup->repository.snapshot_path.c_str(), &st) != 0) p.setup->repository.snapshot_path.clear();
  p.state.emplace(std::move(state.value()));
  return p;
}

// The version number a command names, or nothing (after saying so).
std::optional<int64_t> Number(const CommandSpec& spec, const std::string& text) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos || text == "0") {
    UsageError(spec, "N is a version number, such as 2 (oversight policy versions lists them)");
    return std::nullopt;
  }
  return std::stoll(text);
}

// The user --as names, as a publisher; nothing (after saying so) when there is none.
std::optional<Publisher> As(Publishing& p) {
  const std::string name = *p.args->Get("as");
  auto user = UserStore(&*p.state).Find(name);
  if (!user) {
    std::cerr << "oversight " << p.spec->name << ": no user '" << name << "' in this store (--as names a user; "
              << "oversight user list --db FILE shows them)\n";
    return std::nullopt;
  }
  return Publisher{user->username, user->role};
}

int Report(const Publishing& p, const PublishOutcome& o) {
  if (o.ok()) {
    std::cout << o.message << "\n";
    return 0;
  }
  for (const auto& problem : o.problems) std::cout << problem << "\n";
  std::cerr << "oversight " << p.spec->name << ": " << o.message << "\n";
  return o.kind == PublishOutcome::Kind::kFailed ? 2 : 1;
}

int Propose(Publishing& p) {
  const Args& a = *p.args;
  const bool repository = a.Has("from-repository");
  if (repository == (a.Has("plugins") || a.Has("policy-settings"))) {
    return UsageError(*p.spec, "give a draft: --plugins DIR, --policy-settings FILE, both, or --from-repository");
  }
  auto author = As(p);
  if (!author) return 1;
  const PolicyRunOptions& repo = p.setup->repository;
  // A draft of one part takes the other from the version in force.
  auto draft = repository ? Result<PolicyRunOptions>(repo) : RunInForce(*p.state, repo);
  if (!draft.ok()) return Report(p, PublishOutcome::Failed(draft.status().message()));
  if (auto d = a.Get("plugins")) draft->plugins_dir = *d;
  if (auto s = a.Get("policy-settings")) draft->settings_path = *s;
  return Report(p, oversight::Propose(*p.state, repo, *draft, *author, *a.Get("reason")));
}

int Decide(Publishing& p) {
  auto number = Number(*p.spec, p.args->positional()[0]);
  if (!number) return 2;
  auto who = As(p);
  if (!who) return 1;
  if (p.spec->name == "policy approve") return Report(p, Approve(*p.state, p.setup->repository, *number, *who));
  if (p.spec->name == "policy reject") return Report(p, Reject(*p.state, *number, *who, *p.args->Get("reason")));
  return Report(p, Restore(*p.state, p.setup->repository, *number, *who, *p.args->Get("reason")));
}

// One version as a row of `policy versions`, its reason and review wrapped beneath.
void PrintVersion(const PolicyVersionRecord& v) {
  const bool approved = v.approved();
  std::cout << PadLeft(std::to_string(v.number), 3) << "  " << PadRight(v.state, 10) << "  " << PadRight(v.author, 14)
            << "  " << PadRight(approved ? ApproverName(v) : "-", 14) << "  " << PadRight(VersionDate(v.proposed_at), 11)
            << "  " << (approved ? VersionDate(v.reviewed_at) : "-") << "\n";
  std::string why = "Why: " + v.reason;
  if (v.restores) why += " (restores version " + std::to_string(v.restores) + ")";
  for (const auto& line : Wrap(why, kTerminalColumns - 5, "")) std::cout << "     " << line << "\n";
  if (v.state == kRejected || v.state == kWithdrawn) {
    const std::string said = (v.state == kRejected ? "Rejected by " + v.reviewer : std::string("Withdrawn")) + " on " +
                             VersionDate(v.reviewed_at) + ": " + v.review_note;
    for (const auto& line : Wrap(said, kTerminalColumns - 5, "")) std::cout << "     " << line << "\n";
  }
}

int Versions(Publishing& p) {
  auto in_force = VersionInForce(*p.state, p.setup->repository);
  auto all = VersionStore(&*p.state).List();
  if (!in_force.ok() || !all.ok()) {
    std::cerr << "oversight policy versions: " << (in_force.ok() ? all.status() : in_force.status()).message() << "\n";
    return 2;
  }
  std::cout << "In force: version " << in_force->number << ". " << InForceLine(*in_force) << ".\n";
  auto differs = RepositoryDiffers(*p.state, p.setup->repository);
  if (differs.ok() && *differs) {
    const std::string said = "The repository's plugins or settings differ from version " +
                             std::to_string(in_force->number) + ", in force. They are not used until someone "
                             "proposes them and another person approves them:";
    for (const auto& line : Wrap(said, kTerminalColumns)) std::cout << line << "\n";
    std::cout << "  oversight policy propose --db FILE --as USER --reason TEXT --from-repository\n";
  }
  std::cout << "\n  N  state       author          approver        proposed     approved\n";
  for (const auto& v : *all) PrintVersion(v);
  return 0;
}

int Diff(Publishing& p) {
  auto number = Number(*p.spec, p.args->positional()[0]);
  if (!number) return 2;
  VersionInForce(*p.state, p.setup->repository);  // version 1, in a store that has none yet
  VersionStore versions(&*p.state);
  auto v = versions.Get(*number);
  if (!v.ok() || !*v) {
    std::cerr << "oversight policy diff: " << (v.ok() ? "there is no version " + std::to_string(*number)
                                                      : v.status().message()) << "\n";
    return v.ok() ? 1 : 2;
  }
  int64_t from = (*v)->based_on;
  if (auto m = p.args->Get("from")) {
    auto given = Number(*p.spec, *m);
    if (!given) return 2;
    from = *given;
  }
  if (from == 0) {
    std::cout << "Version " << *number << " is the first: there is no version before it to compare with.\n";
    return 0;
  }
  auto before = versions.Get(from);
  auto old_files = versions.Files(from), new_files = versions.Files(*number);
  if (!before.ok() || !*before || !old_files.ok() || !new_files.ok()) {
    std::cerr << "oversight policy diff: there is no version " << from << "\n";
    return 1;
  }
  std::cout << "Version " << *number << " (" << (*v)->state << ", proposed by " << (*v)->author << " on "
            << VersionDate((*v)->proposed_at) << ") against version " << from << ":\n";
  const auto diffs = DiffPolicyFiles(*old_files, *new_files);
  if (diffs.empty()) std::cout << "no file differs\n";
  for (const FileDiff& d : diffs) std::cout << "\n" << d.label << " (" << d.change << ")\n" << d.text;
  return 0;
}

}  // namespace

int CmdPublish(const CommandSpec& spec, int argc, char** argv) {
  Publishing p = Start(spec, argc, argv);
  if (!p.ready()) return p.exit_status;
  if (spec.name == "policy propose") return Propose(p);
  if (spec.name == "policy versions") return Versions(p);
  if (spec.name == "policy diff") return Diff(p);
  return Decide(p);
}

}  // namespace oversight
