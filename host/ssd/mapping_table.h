// MappingTable: one of the SSD import's local tables (ssd-extract.md), a two-column CSV
// file in config/ that a council extends: job titles to roles, or involvement role codes
// to allocation roles. Keys match after trimming spaces and ignoring case.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace oversight {

class MappingTable {
 public:
  // Reads `path`: a header naming `key_column` and `value_column`, then one row per key.
  // Every value must be one of `allowed`; a key written twice, in any case, is an error.
  static Result<MappingTable> Load(const std::string& path, const std::string& key_column,
                                   const std::string& value_column,
                                   const std::vector<std::string>& allowed);

  // The value for `key`, matched after trimming and ignoring case.
  std::optional<std::string> Find(std::string_view key) const;
  // The keys as the file writes them, in file order (for messages).
  const std::vector<std::string>& keys() const { return keys_; }

  // `key` trimmed of spaces and tabs, ASCII letters in lower case.
  static std::string Normalise(std::string_view key);

 private:
  std::unordered_map<std::string, std::string> values_;
  std::vector<std::string> keys_;
};

}  // namespace oversight
