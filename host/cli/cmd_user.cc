// `oversight user add --db FILE --username U --role ROLE [--worker-id W]`: creates a
// dashboard user; the password is one line on standard input, never an argument.
#include <iostream>
#include <string>

#include "cli/args.h"
#include "cli/commands.h"
#include "state/state_store.h"
#include "web/users.h"

namespace oversight {

int CmdUser(int argc, char** argv) {
  const char* usage = "usage: oversight user add --db FILE --username U --role admin|hr|manager [--worker-id W]\n"
                      "       (the password is read from standard input, one line)\n";
  if (argc < 1 || std::string(argv[0]) != "add") {
    std::cerr << usage;
    return 2;
  }
  auto args = Args::Parse(argc - 1, argv + 1);
  if (!args.ok() || !args->Get("db") || !args->Get("username") || !args->Get("role")) {
    std::cerr << usage;
    return 2;
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
