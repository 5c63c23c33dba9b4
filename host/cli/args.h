// Args: the command line of one subcommand: `--name value` options, `-D key=value`
// overrides (repeatable) and positional words. Knows nothing of what they mean.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace oversight {

class Args {
 public:
  // `flags` are options that take no value (e.g. "help").
  static Result<Args> Parse(int argc, char** argv, const std::vector<std::string>& flags = {});

  std::optional<std::string> Get(const std::string& name) const;
  std::string GetOr(const std::string& name, const std::string& fallback) const;
  bool Has(const std::string& name) const { return options_.count(name) > 0; }
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
};

}  // namespace oversight
