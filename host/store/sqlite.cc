// RAII wrappers over sqlite3 and sqlite3_stmt.
#include "store/sqlite.h"

namespace oversight {

Result<Database> Database::Open(const std::string& path, Mode mode) {
  sqlite3* db = nullptr;
  int flags = mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY
                                      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Status::Error("cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, 10000);
  return Database(db);
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}

Database::~Database() { sqlite3_close(db_); }

Status Database::Exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return Status::Error(msg);
  }
  return Status::Ok();
}

Result<Statement> Database::Prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return Status::Error(std::string(sqlite3_errmsg(db_)) + " in: " + sql);
  }
  return Statement(stmt);
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::Bind(int i, std::string_view text, bool stable) {
  sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()),
                    stable ? SQLITE_STATIC : SQLITE_TRANSIENT);
}
void Statement::Bind(int i, int64_t value) { sqlite3_bind_int64(stmt_, i, value); }
void Statement::Bind(int i, double value) { sqlite3_bind_double(stmt_, i, value); }
void Statement::BindNull(int i) { sqlite3_bind_null(stmt_, i); }
void Statement::BindOptional(int i, std::optional<int32_t> value) {
  if (value) {
    Bind(i, static_cast<int64_t>(*value));
  } else {
    BindNull(i);
  }
}

bool Statement::Step(Status* status) {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE && status) {
    *status = Status::Error(sqlite3_errmsg(sqlite3_db_handle(stmt_)));
  }
  return false;
}

Status Statement::Run() {
  Status s;
  Step(&s);
  sqlite3_reset(stmt_);  // bindings stay: the caller binds every parameter each time
  return s;
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::Text(int col) const { return std::string(TextView(col)); }

std::string_view Statement::TextView(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string_view(reinterpret_cast<const char*>(p),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

}  // namespace oversight
