// Config: the product's settings file (config/oversight.properties, `key = value`) with
// `-D key=value` overrides on top. Mechanism settings only (mail, server, sandbox);
// local policy lives in config/policy.lua. Secret keys never appear in Describe().
#pragma once

#include <map>
#include <optional>
#include <string>

#include "common/status.h"

namespace oversight {

class Config {
 public:
  // Reads `path` (a missing file is an error unless `optional`), then applies overrides.
  static Result<Config> Load(const std::string& path, const std::map<std::string, std::string>& overrides,
                             bool optional = false);

  std::optional<std::string> Get(const std::string& key) const;
  std::string GetOr(const std::string& key, const std::string& fallback) const;
  Result<int> GetInt(const std::string& key, int fallback) const;
  // A path setting, made absolute relative to the config file's folder.
  std::string GetPath(const std::string& key, const std::string& fallback) const;
  // The secret for `key`: the value itself, or the contents of `<key>_file`.
  Result<std::string> Secret(const std::string& key) const;
  // Every setting as `key = value` lines, secrets shown as "(set)".
  std::string Describe() const;
  void Set(const std::string& key, const std::string& value) { values_[key] = value; }

 private:
  std::map<std::string, std::string> values_;
  std::string dir_;
};

bool IsSecretKey(const std::string& key);

}  // namespace oversight
