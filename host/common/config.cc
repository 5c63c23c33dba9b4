// Reading `key = value` lines; `#` starts a comment line.
#include "common/config.h"

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace oversight {

namespace {
std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}
}  // namespace

bool IsSecretKey(const std::string& key) {
  return key.find("password") != std::string::npos || key.find("secret") != std::string::npos;
}

Result<Config> Config::Load(const std::string& path, const std::map<std::string, std::string>& overrides,
                            bool optional) {
  Config c;
  size_t slash = path.rfind('/');
  c.dir_ = slash == std::string::npos ? "." : path.substr(0, slash);
  std::ifstream in(path);
  if (!in) {
    if (!optional) return Status::Error("cannot read the configuration file " + path);
  }
  std::string line;
  int n = 0;
  while (in && std::getline(in, line)) {
    ++n;
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    size_t eq = t.find('=');
    if (eq == std::string::npos) {
      return Status::Error(path + ":" + std::to_string(n) + ": expected `key = value`");
    }
    c.values_[Trim(t.substr(0, eq))] = Trim(t.substr(eq + 1));
  }
  for (const auto& [k, v] : overrides) c.values_[k] = v;
  return c;
}

std::optional<std::string> Config::Get(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string Config::GetOr(const std::string& key, const std::string& fallback) const {
  return Get(key).value_or(fallback);
}

Result<int> Config::GetInt(const std::string& key, int fallback) const {
  auto v = Get(key);
  if (!v) return fallback;
  try {
    size_t used = 0;
    int n = std::stoi(*v, &used);
    if (used == v->size()) return n;
  } catch (...) {
  }
  return Status::Error("setting " + key + " must be a whole number, not '" + *v + "'");
}

std::string Config::GetPath(const std::string& key, const std::string& fallback) const {
  auto v = Get(key);
  if (!v) return fallback;
  std::string path = !v->empty() && (*v)[0] == '/' ? *v : dir_ + "/" + *v;
  char resolved[PATH_MAX];
  return realpath(path.c_str(), resolved) ? std::string(resolved) : path;
}

Result<std::string> Config::Secret(const std::string& key) const {
  if (auto v = Get(key)) return *v;
  if (auto file = Get(key + "_file")) {
    std::ifstream in(GetPath(key + "_file", *file));
    if (!in) return Status::Error("cannot read " + key + "_file");
    std::string secret;
    std::getline(in, secret);
    return Trim(secret);
  }
  return std::string();
}

std::string Config::Describe() const {
  std::ostringstream out;
  for (const auto& [k, v] : values_) out << k << " = " << (IsSecretKey(k) ? "(set)" : v) << "\n";
  return out.str();
}

}  // namespace oversight
