// The data contract (shared/spec/data-contract.md) as data: the files of an extract,
// their columns, which values are required and what type each value has.
// What to do with a bad value is the importer's business, not this file's.
#pragma once

#include <string>
#include <vector>

namespace oversight {

// kSqlServerDate: a date as SQL Server exports one (ssd/sql_server_values.h).
enum class ValueType { kId, kText, kDate, kFte, kHours, kEnum, kEmail, kSqlServerDate };

struct ColumnSpec {
  std::string name;
  bool required_value;     // the value may not be empty
  bool required_column;    // the column must be in the header
  ValueType type;
  std::vector<std::string> allowed;  // for kEnum
};

struct FileSpec {
  std::string file;        // e.g. "workers.csv"
  bool optional_file;      // may be missing (= no rows)
  std::vector<ColumnSpec> columns;
  bool null_is_empty = false;  // a value written NULL means none (tables exported from SQL Server)
  int Column(const std::string& name) const;  // index in `columns`, or -1
};

// Files in the order errors are listed: teams, workers, allocations, supervisions,
// absences, cover, development_time.
const std::vector<FileSpec>& ExtractFiles();
enum FileIndex { kTeams, kWorkers, kAllocations, kSupervisions, kAbsences, kCover, kDevelopmentTime };

// The values an enum column of the contract allows (workers.csv role, allocations.csv
// case_type, supervisions.csv kind...): the one list the host and plugins check against.
const std::vector<std::string>& AllowedValues(FileIndex file, const std::string& column);

}  // namespace oversight
