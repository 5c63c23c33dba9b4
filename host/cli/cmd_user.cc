// `oversight user add --db FILE --username U --role ROLE [--worker-id W]`: creates a
// dashboard user; the password is one line on standard input, never an argument.
// `oversight user passwd --db FILE --username U`: sets a new password, read the same way.
// `oversight user remove --db FILE --username U`: removes one. Both end the user's
// signed-in sessions at their next request. `oversight user list --db FILE`: who can sign in.
#include <iostream>
#include <string>

#include "cli/args.h"
#include "cli/commands.h"
#include "state/state_store.h"
#include "web/users.h"

namespace oversight {

namespace {

// One line of standard input, without its line end.
std::string ReadPassword() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

}  // namespace

int CmdUser(int argc, char** argv) {
  const char* usage = "usage: oversight user add --db FILE --username U --role admin|hr|manager [--worker-id W]\n"
                      "       (the password is read from standard input, one line)\n"
                      "       oversight user passwd --db FILE --username U   (the new password likewise)\n"
                      "       oversight user remove --db FILE --username U\n"
                      "       oversight user list --db FILE\n";
  const std::string verb = argc < 1 ? "" : argv[0];
  auto args = Args::Parse(argc - 1, argv + 1);
  const bool needs_username = verb == "add" || verb == "passwd" || verb == "remove";
  if ((verb != "add" && verb != "passwd" && verb != "remove" && verb != "list") || !args.ok() || !args->Get("db") ||
      (needs_username && !args->Get("username")) || (verb == "add" && !args->Get("role"))) {
    std::cerr << usage;
    return 2;
  }
  if (verb != "add" && verb != "passwd") {
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
  std::string password = ReadPassword();
  auto state = StateStore::Open(*args->Get("db"));
  if (!state.ok()) {
    std::cerr << "oversight user " << verb << ": " << state.status().message() << "\n";
    return 2;
  }
  UserStore users(&*state);
  const std::string username = *args->Get("username");
  Status s = verb == "passwd" ? users.SetPassword(username, password)
                              : users.Add({username, *args->Get("role"), args->GetOr("worker-id", "")}, password);
  std::fill(password.begin(), password.end(), '\0');
  if (!s.ok()) {
    std::cerr << "oversight user " << verb << ": " << s.message() << "\n";
    return 1;
  }
  if (verb == "passwd") {
    std::cerr << "user " << username << ": password changed; their sessions have ended\n";
  } else {
    std::cerr << "user " << username << " added (" << *args->Get("role") << ")\n";
  }
  return 0;
}

}  // namespace oversight
