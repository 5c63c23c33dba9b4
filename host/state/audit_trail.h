// The audit trail: one append-only record in the state store (FILE.state) of who did what
// and when: sign-ins (and refusals), user changes, exports, weekly runs, policy
// proposals, approvals and restores, backups, restores and purges. A trigger refuses every UPDATE and DELETE of it. It holds no case
// details: an event says what was done (a path, a count, a user's name), never to which
// child. Everything that acts records its own event with RecordAudit.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "store/sqlite.h"

namespace oversight {

// The actions the trail knows, by the name it records.
namespace audit {
inline constexpr const char* kSignIn = "sign-in";
inline constexpr const char* kSignInRefused = "sign-in refused";
inline constexpr const char* kUserAdded = "user added";
inline constexpr const char* kUserRemoved = "user removed";
inline constexpr const char* kPasswordChanged = "password changed";
inline constexpr const char* kExportCsv = "export csv";
inline constexpr const char* kExportJson = "export json";
inline constexpr const char* kWeeklyRun = "weekly run";
inline constexpr const char* kBackup = "backup";
inline constexpr const char* kRestore = "restore";
inline constexpr const char* kPurge = "purge";
inline constexpr const char* kPolicyProposed = "policy proposed";
inline constexpr const char* kPolicyRestoreProposed = "policy restore proposed";
inline constexpr const char* kPolicyApproved = "policy approved";
inline constexpr const char* kPolicyRejected = "policy rejected";
inline constexpr const char* kPolicyWithdrawn = "policy withdrawn";
inline constexpr const char* kSystem = "system";  // who, for what the service does by itself
}  // namespace audit

struct AuditEvent {
  std::string who;     // a user's name, "system", or "cli:<unix user>"
  std::string action;  // one of audit::k...
  std::string detail;  // short, and never a case id or anything about a child
};

// An event as the trail holds it.
struct AuditEntry {
  int64_t id = 0;  // its place in the trail
  std::string at;  // when it was recorded, UTC: 2026-12-04T15:30:00Z
  AuditEvent event;
};

// Appends one event, stamped with the time now. `state` is the state store's database
// (StateStore::db()); the trail's table is made on first use.
Status RecordAudit(Database& state, const AuditEvent& event);

// The newest `limit` events, newest first.
Result<std::vector<AuditEntry>> ReadAudit(Database& state, int limit);

// Who a command line acts as: "cli:" and the Unix user running it.
std::string CliActor();

}  // namespace oversight
