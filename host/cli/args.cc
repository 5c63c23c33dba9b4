// Parsing `--name value`, `--name=value`, `-D key=value` and positionals.
#include "cli/args.h"

#include <algorithm>

namespace oversight {

Result<Args> Args::Parse(int argc, char** argv, const std::vector<std::string>& flags) {
  Args a;
  for (int i = 0; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "-D") {
      if (i + 1 >= argc) return Status::Error("-D needs key=value");
      word = argv[++i];
      size_t eq = word.find('=');
      if (eq == std::string::npos || eq == 0) return Status::Error("-D needs key=value, not '" + word + "'");
      a.overrides_[word.substr(0, eq)] = word.substr(eq + 1);
    } else if (word.rfind("--", 0) == 0 && word.size() > 2) {
      std::string name = word.substr(2), value;
      size_t eq = name.find('=');
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
        value = "true";
      } else {
        if (i + 1 >= argc) return Status::Error("--" + name + " needs a value");
        value = argv[++i];
      }
      a.options_[name] = value;
    } else {
      a.positional_.push_back(word);
    }
  }
  return a;
}

std::optional<std::string> Args::Get(const std::string& name) const {
  auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::string Args::GetOr(const std::string& name, const std::string& fallback) const {
  return Get(name).value_or(fallback);
}

}  // namespace oversight
