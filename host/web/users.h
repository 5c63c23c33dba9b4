// Users of the dashboard: a username, a role (admin, hr, manager) and, for a manager, the
// worker whose part of the line-management tree they see. Passwords are kept only as
// Argon2id hashes (libsodium); nothing here ever logs or returns one. Each user also has a
// credential: a random value drawn anew whenever the user is added or their password is
// set, which sessions carry and check, so that either ends every earlier session.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "state/state_store.h"

namespace oversight {

struct User {
  User(std::string name = "", std::string role_ = "", std::string worker = "", std::string credential_ = "")
      : username(std::move(name)), role(std::move(role_)), worker_id(std::move(worker)),
        credential(std::move(credential_)) {}
  std::string username, role, worker_id;  // worker_id: for managers only
  std::string credential;                 // changes with every password and every re-creation
};

class UserStore {
 public:
  explicit UserStore(StateStore* state);
  // Adds a user; the role must be admin, hr or manager (a manager needs a worker id).
  Status Add(const User& user, const std::string& password);
  // The user when the password is theirs; nothing otherwise (unknown user or wrong password).
  std::optional<User> Verify(const std::string& username, const std::string& password);
  // Sets a user's password (the same rules as Add) and draws a new credential; an error
  // when there is no user of that name.
  Status SetPassword(const std::string& username, const std::string& password);
  // Removes a user; an error when there is none of that name.
  Status Remove(const std::string& username);
  // The user of that name, if there is one (no password check: for sessions already signed in).
  std::optional<User> Find(const std::string& username);
  // Every user, by name (no password hashes).
  std::vector<User> List();

 private:
  StateStore* state_;
};

}  // namespace oversight
