// Reading a local mapping table from its CSV file.
#include "ssd/mapping_table.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>

#include "extract/csv_reader.h"

namespace oversight {

std::string MappingTable::Normalise(std::string_view key) {
  size_t b = 0, e = key.size();
  while (b < e && (key[b] == ' ' || key[b] == '\t')) ++b;
  while (e > b && (key[e - 1] == ' ' || key[e - 1] == '\t')) --e;
  std::string out(key.substr(b, e - b));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<std::string> MappingTable::Find(std::string_view key) const {
  auto it = values_.find(Normalise(key));
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

Result<MappingTable> MappingTable::Load(const std::string& path, const std::string& key_column,
                                        const std::string& value_column,
                                        const std::vector<std::string>& allowed) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return Status::Error(path + ": cannot be read");
  CsvReader csv(file.get());
  CsvRecord record;
  auto fail = [&](const std::string& reason) {
    return Status::Error(path + ":" + std::to_string(record.line) + ": " + reason);
  };
  if (!csv.Next(&record)) return Status::Error(path + ": the file is empty");
  int key_at = -1, value_at = -1;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    std::string name = Normalise(record.fields[i]);
    if (name == key_column) key_at = static_cast<int>(i);
    if (name == value_column) value_at = static_cast<int>(i);
  }
  if (key_at < 0 || value_at < 0) return fail("the header must name " + key_column + " and " + value_column);
  MappingTable table;
  while (csv.Next(&record)) {
    if (record.unterminated_quote || !record.invalid_utf8_lines.empty() ||
        static_cast<int>(record.fields.size()) <= std::max(key_at, value_at)) {
      return fail("not a row of " + key_column + "," + value_column);
    }
    const std::string& key = record.fields[key_at];
    const std::string value = Normalise(record.fields[value_at]);
    if (Normalise(key).empty()) return fail(key_column + " is empty");
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      return fail("'" + record.fields[value_at] + "' is not one of " + list);
    }
    if (!table.values_.emplace(Normalise(key), value).second) {
      return fail("'" + key + "' is in the table twice");
    }
    table.keys_.push_back(key);
  }
  if (csv.read_error()) return Status::Error(path + ": read error");
  return table;
}

}  // namespace oversight
