// `oversight user add --db FILE --username U --role ROLE [--worker-id W]`: creates a
// dashboard user; the password is one line on standard input, never an argument; W must
// be a worker in the extract. `oversight user passwd --db FILE --username U`: sets a new
// password, read the same way. `oversight user remove --db FILE --username U`: removes
// one. Both end the user's signed-in sessions at their next request.
// `oversight user list --db FILE`: who can sign in.
#include <iostream>
#include <string>

#include "cli/args.h"
#include "cli/command_table.h"
#include "cli/commands.h"
#include "state/audit_trail.h"
#include "state/state_store.h"
#include "store/organisation.h"
#include "web/users.h"

namespace oversight {

namespace {

// A --worker-id that names nobody in the extract would make a manager who sees nothing.
Status CheckWorkerId(const std::string& snapshot, const std::string& worker_id) {
  auto db = Database::Open(snapshot, Database::Mode::kReadOnly);
  if (!db.ok()) return Status::Error("cannot check --worker-id " + worker_id + " against the extract: " + db.status().message());
  auto org = Organisation::Load(&*db);
  if (!org.ok()) return Status::Error("cannot check --worker-id " + worker_id + " against the extract: " + org.status().message());
  if (!org->FindWorker(worker_id)) {
    return Status::Error("no worker '" + worker_id + "' in the extract in " + snapshot +
                         "; --worker-id takes a worker_id from its workers.csv");
  }
  return Status::Ok();
}

// The change is made; the audit trail records who made it.
int Audited(StateStore& state, const char* action, const std::string& detail) {
  if (Status s = RecordAudit(state.db(), {CliActor(), action, detail}); !s.ok()) {
    std::cerr << "oversight user: done, but not in the audit trail: " << s.message() << "\n";
    return 1;
  }
  return 0;
}

int List(const Args& args) {
  auto state = StateStore::Open(*args.Get("db"));
  if (!state.ok()) {
    std::cerr << "oversight user list: " << state.status().message() << "\n";
    return 2;
  }
  UserStore users(&*state);
  std::cout << "username\trole\tworker id\n";
  for (const User& u : users.List()) {
    std::cout << u.username << "\t" << u.role << "\t" << (u.worker_id.empty() ? "-" : u.worker_id) << "\n";
  }
  return 0;
}

int Remove(const Args& args) {
  auto state = StateStore::Open(*args.Get("db"));
  if (!state.ok()) {
    std::cerr << "oversight user remove: " << state.status().message() << "\n";
    return 2;
  }
  UserStore users(&*state);
  if (Status s = users.Remove(*args.Get("username")); !s.ok()) {
    std::cerr << "oversight user remove: " << s.message() << "\n";
    return 1;
  }
  std::cerr << "user " << *args.Get("username") << " removed\n";
  return Audited(*state, audit::kUserRemoved, "user " + *args.Get("username"));
}

// One line of standard input, without its line end.
std::string ReadPassword() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

int Passwd(const Args& args) {
  std::string password = ReadPassword();
  auto state = StateStore::Open(*args.Get("db"));
  if (!state.ok()) {
    std::cerr << "oversight user passwd: " << state.status().message() << "\n";
    return 2;
  }
  UserStore users(&*state);
  Status s = users.SetPassword(*args.Get("username"), password);
  std::fill(password.begin(), password.end(), '\0');
  if (!s.ok()) {
    std::cerr << "oversight user passwd: " << s.message() << "\n";
    return 1;
  }
  std::cerr << "password of " << *args.Get("username") << " changed; their sessions have ended\n";
  return Audited(*state, audit::kPasswordChanged, "user " + *args.Get("username"));
}

int Add(const Args& args) {
  const std::string worker_id = args.GetOr("worker-id", "");
  if (!worker_id.empty()) {
    if (Status s = CheckWorkerId(*args.Get("db"), worker_id); !s.ok()) {
      std::cerr << "oversight user add: " << s.message() << "\n";
      return 1;
    }
  }
  std::string password = ReadPassword();
  auto state = StateStore::Open(*args.Get("db"));
  if (!state.ok()) {
    std::cerr << "oversight user add: " << state.status().message() << "\n";
    return 2;
  }
  UserStore users(&*state);
  Status s = users.Add({*args.Get("username"), *args.Get("role"), worker_id}, password);
  std::fill(password.begin(), password.end(), '\0');
  if (!s.ok()) {
    std::cerr << "oversight user add: " << s.message() << "\n";
    return 1;
  }
  std::cerr << "user " << *args.Get("username") << " added (" << *args.Get("role") << ")\n";
  return Audited(*state, audit::kUserAdded, "user " + *args.Get("username") + " (" + *args.Get("role") + ")");
}

}  // namespace

int CmdUser(int argc, char** argv) {
  const Subcommand sub = FindSubcommand("user", argc, argv);
  if (!sub.spec) return sub.exit_status;
  const CommandLine line = ReadCommandLine(*sub.spec, argc - 1, argv + 1);
  if (!line.args) return line.exit_status;
  if (sub.spec->name == "user add") return Add(*line.args);
  if (sub.spec->name == "user remove") return Remove(*line.args);
  if (sub.spec->name == "user passwd") return Passwd(*line.args);
  return List(*line.args);
}

}  // namespace oversight
