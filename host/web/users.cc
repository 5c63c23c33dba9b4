// The users table and libsodium's password hashing.
#include "web/users.h"

#include <sodium.h>

namespace oversight {

namespace {
const char* kSchema =
    "CREATE TABLE IF NOT EXISTS users(username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, "
    "role TEXT NOT NULL, worker_id TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL DEFAULT '')";
}

UserStore::UserStore(StateStore* state) : state_(state) {
  if (sodium_init() < 0) std::abort();  // no randomness: nothing safe can be done
  state_->db().Exec(kSchema);
}

Status UserStore::Add(const User& user, const std::string& password) {
  if (user.username.empty() || user.username.size() > 64) return Status::Error("a username of 1 to 64 characters");
  if (user.role != "admin" && user.role != "hr" && user.role != "manager") {
    return Status::Error("the role must be admin, hr or manager, not '" + user.role + "'");
  }
  if (user.role == "manager" && user.worker_id.empty()) return Status::Error("a manager needs --worker-id");
  if (password.size() < 10) return Status::Error("the password must be at least 10 characters");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Error("not enough memory to hash the password");
  }
  auto q = state_->db().Prepare(
      "INSERT INTO users(username, password_hash, role, worker_id, created_at) VALUES (?,?,?,?,datetime('now'))");
  if (!q.ok()) return q.status();
  q->Bind(1, user.username);
  q->Bind(2, std::string(hash));
  q->Bind(3, user.role);
  q->Bind(4, user.worker_id);
  sodium_memzero(hash, sizeof hash);
  if (Status s = q->Run(); !s.ok()) return Status::Error("cannot add user '" + user.username + "' (does it exist already?)");
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
  auto q = state_->db().Prepare("SELECT role, worker_id FROM users WHERE username = ?");
  if (!q.ok()) return std::nullopt;
  q->Bind(1, username);
  if (!q->Step()) return std::nullopt;
  return User{username, q->Text(0), q->Text(1)};
}

std::vector<User> UserStore::List() {
  std::vector<User> out;
  auto q = state_->db().Prepare("SELECT username, role, worker_id FROM users ORDER BY username");
  if (!q.ok()) return out;
  while (q->Step()) out.push_back({q->Text(0), q->Text(1), q->Text(2)});
  return out;
}

std::optional<User> UserStore::Verify(const std::string& username, const std::string& password) {
  auto q = state_->db().Prepare("SELECT password_hash, role, worker_id FROM users WHERE username = ?");
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
  return User{username, q->Text(1), q->Text(2)};
}

}  // namespace oversight
