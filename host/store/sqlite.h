// A thin RAII layer over the SQLite C API: a connection and a prepared statement.
// Errors come back as Status; nothing here knows the extract's schema.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace oversight {

class Statement;

class Database {
 public:
  enum class Mode { kReadOnly, kReadWriteCreate };
  static Result<Database> Open(const std::string& path, Mode mode);

  Database(Database&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  ~Database();

  // Runs one or more statements that return no rows.
  Status Exec(const std::string& sql);
  Result<Statement> Prepare(const std::string& sql);
  sqlite3* handle() const { return db_; }
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t Changes() const { return sqlite3_changes64(db_); }
  std::string last_error() const { return sqlite3_errmsg(db_); }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  ~Statement();

  // Binds by 1-based index. Text is copied unless `stable` says it outlives the step.
  void Bind(int i, std::string_view text, bool stable = false);
  void Bind(int i, int64_t value);
  void Bind(int i, double value);
  void BindNull(int i);
  void BindOptional(int i, std::optional<int32_t> value);

  // Steps once: true while there is a row, false when done; errors go to *status.
  bool Step(Status* status = nullptr);
  // Steps to completion and resets, for INSERT/UPDATE.
  Status Run();
  void Reset();

  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const;
  std::string_view TextView(int col) const;
  sqlite3_stmt* handle() const { return stmt_; }

 private:
  friend class Database;
  explicit Statement(sqlite3_stmt* s) : stmt_(s) {}
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace oversight
