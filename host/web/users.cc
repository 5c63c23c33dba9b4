// The users table and libsodium's password hashing.
#include "web/users.h"

#include <sodium.h>

#include "web/sessions.h"

namespace oversight {

namespace {
const char* kSchema =
    "CREATE TABLE IF NOT EXISTS users(username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, "
    "role TEXT NOT NULL, worker_id TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL DEFAULT '', "
    "credential TEXT NOT NULL DEFAULT '')";

// The password's Argon2id hash, or an error for a short password or too little memory.
Result<std::string> HashPassword(const std::string& password) {
  if (password.size() < 10) return Status::Error("the password must be at least 10 characters");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Error("not enough memory to hash the password");
  }
  std::string out(hash);
  sodium_memzero(hash, sizeof hash);
  return out;
}
}  // namespace

UserStore::UserStore(StateStore* state) : state_(state) {
  if (sodium_init() < 0) std::abort();  // no randomness: nothing safe can be done
  state_->db().Exec(kSchema);
  // A store made before users had credentials: add the column.
  if (!state_->db().Prepare("SELECT credential FROM users LIMIT 0").ok()) {
    state_->db().Exec("ALTER TABLE users ADD COLUMN credential TEXT NOT NULL DEFAULT ''");
  }
}

Status UserStore::Add(const User& user, const std::string& password) {
  if (user.username.empty() || user.username.size() > 64) return Status::Error("a username of 1 to 64 characters");
  if (user.role != "admin" && user.role != "hr" && user.role != "manager") {
    return Status::Error("the role must be admin, hr or manager, not '" + user.role + "'");
  }
  if (user.role == "manager" && user.worker_id.empty()) return Status::Error("a manager needs --worker-id");
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  auto q = state_->db().Prepare(
      "INSERT INTO users(username, password_hash, role, worker_id, created_at, credential) "
      "VALUES (?,?,?,?,datetime('now'),?)");
  if (!q.ok()) return q.status();
  q->Bind(1, user.username);
  q->Bind(2, *hash);
  q->Bind(3, user.role);
  q->Bind(4, user.worker_id);
  q->Bind(5, RandomToken());
  if (Status s = q->Run(); !s.ok()) return Status::Error("cannot add user '" + user.username + "' (does it exist already?)");
  return Status::Ok();
}

Status UserStore::SetPassword(const std::string& username, const std::string& password) {
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  auto q = state_->db().Prepare("UPDATE users SET password_hash = ?, credential = ? WHERE username = ?");
  if (!q.ok()) return q.status();
  q->Bind(1, *hash);
  q->Bind(2, RandomToken());
  q->Bind(3, username);
  if (Status s = q->Run(); !s.ok()) return s;
  if (state_->db().Changes() == 0) return Status::Error("there is no user '" + username + "'");
  return Status::Ok();
}

Status UserStore::Remove(const std::string& username) {
  auto q = state_->db().Prepare("DELETE FROM users WHERE username = ?");
  if (!q.ok()) return q.status();
  q->Bind(1, username);
  if (Status s = q->Run(); !s.ok()) return s;
  if (state_->db().Changes() == 0) return Status::Error("there is no user '" + username + "'");
  return Status::Ok();
}

std::optional<User> UserStore::Find(const std::string& username) {
  auto q = state_->db().Prepare("SELECT role, worker_id, credential FROM users WHERE username = ?");
  if (!q.ok()) return std::nullopt;
  q->Bind(1, username);
  if (!q->Step()) return std::nullopt;
  return User{username, q->Text(0), q->Text(1), q->Text(2)};
}

std::vector<User> UserStore::List() {
  std::vector<User> out;
  auto q = state_->db().Prepare("SELECT username, role, worker_id FROM users ORDER BY username");
  if (!q.ok()) return out;
  while (q->Step()) out.push_back({q->Text(0), q->Text(1), q->Text(2)});
  return out;
}

std::optional<User> UserStore::Verify(const std::string& username, const std::string& password) {
  auto q = state_->db().Prepare("SELECT password_hash, role, worker_id, credential FROM users WHERE username = ?");
  if (!q.ok()) return std::nullopt;
  q->Bind(1, username);
  if (!q->Step()) {
    // The same work for an unknown user, so that timing does not tell which names exist.
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      return std::nullopt;  // out of memory: the answer is the same
    }
    return std::nullopt;
  }
  const std::string hash = q->Text(0);
  if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) != 0) return std::nullopt;
  return User{username, q->Text(1), q->Text(2), q->Text(3)};
}

}  // namespace oversight
