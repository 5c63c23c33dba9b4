// `oversight user add --db FILE --username U --role ROLE [--worker-id W]`: creates a
// dashboard user; the password is one line on standard input, never an argument.
// `oversight user remove --db FILE --username U`: removes one (signed-in sessions end at
// their next request). `oversight user list --db FILE`: who can sign in.
#include <iostream>
#include <string>

#include "cli/args.h"
#include "cli/commands.h"
#include "state/state_store.h"
#include "web/users.h"

namespace oversight {

int CmdUser(int argc, char** argv) {
  const char* usage = "usage: oversight user add --db FILE --username U --role admin|hr|manager [--worker-id W]\n"
                      "       (the password is read from standard input, one line)\n"
                      "       oversight user remove --db FILE --username U\n"
                      "       oversight user list --db FILE\n";
  const std::string verb = argc < 1 ? "" : argv[0];
  auto args = Args::Parse(argc - 1, argv + 1);
  const bool needs_username = verb == "add" || verb == "remove";
  if ((verb != "add" && verb != "remove" && verb != "list") || !args.ok() || !args->Get("db") ||
      (needs_username && !args->Get("username")) || (verb == "add" && !args->Get("role"))) {
    std::cerr << usage;
    return 2;
  }
  if (verb != "add") {
    auto state = StateStore::Open(*args->Get("db"));
    if (!state.ok()) {
      std::cerr << "oversight user " << verb << ": " << state.status().message() << "\n";
      return 2;
    }
    UserStore users(&*state);
    if (verb == "list") {
      for (const User& u : users.List()) {
        std::cout << u.username << "\t" << u.role << "\t" << (u.worker_id.empty() ? "-" : u.worker_id) << "\n";
      }
      return 0;
    }
    if (Status s = users.Remove(*args->Get("username")); !s.ok()) {
      std::cerr << "oversight user remove: " << s.message() << "\n";
      return 1;
    }
    std::cerr << "user " << *args->Get("username") << " removed\n";
    return 0;
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto state = StateStore::Open(*args->Get("db"));
  if (!state.ok()) {
    std::cerr << "oversight user add: " << state.status().message() << "\n";
    return 2;
  }
  UserStore users(&*state);
  Status s = users.Add({*args->Get("username"), *args->Get("role"), args->GetOr("worker-id", "")}, password);
  std::fill(password.begin(), password.end(), '\0');
  if (!s.ok()) {
    std::cerr << "oversight user add: " << s.message() << "\n";
    return 1;
  }
  std::cerr << "user " << *args->Get("username") << " added (" << *args->Get("role") << ")\n";
  return 0;
}

}  // namespace oversight
