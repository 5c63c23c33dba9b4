// The rules of proposing, approving, turning down and restoring policy versions.
#include "policy/publishing/publishing.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "common/date.h"
#include "policy/policy_check.h"
#include "policy/publishing/draft_folder.h"
#include "state/audit_trail.h"

namespace oversight {

namespace {

using Kind = PublishOutcome::Kind;

PublishOutcome Outcome(Kind kind, std::string message, int64_t number = 0) {
  PublishOutcome o;
  o.kind = kind;
  o.message = std::move(message);
  o.number = number;
  return o;
}

std::string Trimmed(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

std::string Version(int64_t n) { return "version " + std::to_string(n); }

// A done outcome, once the audit trail has it (no case details: the version's number
// only). If the trail cannot take it, the change stands and the outcome says so.
PublishOutcome Recorded(StateStore& state, const Publisher& who, const char* action, const std::string& detail,
                        PublishOutcome done) {
  if (Status s = RecordAudit(state.db(), {who.username, action, detail}); !s.ok()) {
    done.kind = Kind::kFailed;
    done.message += "; but it could not be recorded in the audit trail: " + s.message();
  }
  return done;
}

// The proposal `number`, or why it cannot be acted on.
Result<PolicyVersionRecord> Proposal(VersionStore& versions, int64_t number, PublishOutcome* refusal) {
  auto v = versions.Get(number);
  if (!v.ok()) {
    *refusal = Outcome(Kind::kFailed, v.status().message(), number);
    return v.status();
  }
  if (!*v) {
    *refusal = Outcome(Kind::kNotFound, "there is no " + Version(number), number);
    return Status::Error(refusal->message);
  }
  if ((*v)->state != kProposed) {
    *refusal = Outcome(Kind::kConflict, Version(number) + " is " + (*v)->state + ", not waiting for approval", number);
    return Status::Error(refusal->message);
  }
  return **v;
}

}  // namespace

Result<PolicyVersionRecord> VersionInForce(StateStore& state, const PolicyRunOptions& repository) {
  VersionStore versions(&state);
  auto now = versions.InForce();
  if (!now.ok()) return now.status();
  if (*now) return **now;
  auto files = ReadPolicyFiles(repository);
  if (!files.ok()) return files.status().WithContext("recording the repository's policy as version 1");
  PolicyVersionRecord first;
  first.state = kInForce;
  first.author = kRepositoryAuthor;
  first.reason = "The plugins and settings the product shipped with, as they were when this store first ran them.";
  first.proposed_at = first.reviewed_at = UtcTimestampNow();
  if (auto added = versions.Add(first, *files, true); !added.ok()) return added.status();
  now = versions.InForce();
  if (!now.ok()) return now.status();
  if (!*now) return Status::Error("the store has policy versions but none in force");
  return **now;
}

Result<PolicyRunOptions> RunInForce(StateStore& state, const PolicyRunOptions& repository) {
  auto version = VersionInForce(state, repository);
  if (!version.ok()) return version.status();
  auto files = VersionStore(&state).Files(version->number);
  if (!files.ok()) return files.status();
  PolicyRunOptions run = repository;
  const std::string cache = StateStore::PathFor(repository.snapshot_path) + ".policy";
  if (mkdir(cache.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Error("cannot make the folder " + cache + ": " + std::strerror(errno));
  }
  if (Status s = WritePolicyFiles(*files, cache + "/v" + std::to_string(version->number), &run); !s.ok()) return s;
  return run;
}

Result<bool> RepositoryDiffers(StateStore& state, const PolicyRunOptions& repository) {
  auto version = VersionInForce(state, repository);
  if (!version.ok()) return version.status();
  auto in_force = VersionStore(&state).Files(version->number);
  if (!in_force.ok()) return in_force.status();
  auto shipped = ReadPolicyFiles(repository);
  if (!shipped.ok()) return shipped.status();
  return *shipped != *in_force;
}

PublishOutcome Propose(StateStore& state, const PolicyRunOptions& repository, const PolicyRunOptions& draft,
                       const Publisher& author, const std::string& reason, int64_t restores) {
  if (!author.MayPublish()) return Outcome(Kind::kForbidden, "only HR users and admins may propose a policy");
  const std::string why = Trimmed(reason);
  if (why.empty()) return Outcome(Kind::kInvalid, "say why: a proposal needs a reason");
  auto base = VersionInForce(state, repository);
  if (!base.ok()) return Outcome(Kind::kFailed, base.status().message());
  PublishOutcome checked = Outcome(Kind::kInvalid, "");
  checked.problems = CheckPolicies(draft);
  if (!checked.problems.empty()) {
    const size_t n = checked.problems.size();
    checked.message = "the draft was not proposed: `policy check` finds " + std::to_string(n) +
                      (n == 1 ? " problem" : " problems") + " (docs/plugin-api.md)";
    return checked;
  }
  auto files = ReadPolicyFiles(draft);
  if (!files.ok()) return Outcome(Kind::kFailed, files.status().message());
  VersionStore versions(&state);
  auto current = versions.Files(base->number);
  if (!current.ok()) return Outcome(Kind::kFailed, current.status().message());
  if (*files == *current) {
    return Outcome(Kind::kInvalid, "the draft is the same as " + Version(base->number) + ", in force: nothing to propose");
  }
  PolicyVersionRecord r;
  r.state = kProposed;
  r.author = author.username;
  r.reason = why;
  r.based_on = base->number;
  r.restores = restores;
  auto number = versions.Add(r, *files);
  if (!number.ok()) return Outcome(Kind::kFailed, number.status().message());
  return Recorded(state, author, restores ? audit::kPolicyRestoreProposed : audit::kPolicyProposed,
                  Version(*number) + (restores ? ", a copy of " + Version(restores) : ""),
                  Outcome(Kind::kDone, Version(*number) + " is proposed; another HR user or an admin must approve it "
                                       "before it is in force", *number));
}

PublishOutcome Restore(StateStore& state, const PolicyRunOptions& repository, int64_t number,
                       const Publisher& author, const std::string& reason) {
  VersionStore versions(&state);
  auto v = versions.Get(number);
  if (!v.ok()) return Outcome(Kind::kFailed, v.status().message());
  if (!*v) return Outcome(Kind::kNotFound, "there is no " + Version(number), number);
  if (!(*v)->approved()) {
    return Outcome(Kind::kConflict, Version(number) + " was never in force (it is " + (*v)->state +
                                        "): only a version that was in force can be restored", number);
  }
  auto files = versions.Files(number);
  if (!files.ok()) return Outcome(Kind::kFailed, files.status().message());
  DraftFolder folder;
  PolicyRunOptions draft = repository;
  if (Status s = folder.Hold(*files, &draft); !s.ok()) return Outcome(Kind::kFailed, s.message());
  PublishOutcome o = Propose(state, repository, draft, author, reason, number);
  for (std::string& p : o.problems) p = folder.Plain(p);
  if (o.ok()) o.message = Version(o.number) + ", a copy of " + Version(number) + ", is proposed; another HR user "
                          "or an admin must approve it before it is in force";
  return o;
}

PublishOutcome Approve(StateStore& state, const PolicyRunOptions& repository, int64_t number, const Publisher& who) {
  if (!who.MayPublish()) return Outcome(Kind::kForbidden, "only HR users and admins may approve a policy", number);
  VersionStore versions(&state);
  PublishOutcome refusal;
  auto v = Proposal(versions, number, &refusal);
  if (!v.ok()) return refusal;
  if (v->author == who.username) {
    return Outcome(Kind::kForbidden, "you proposed " + Version(number) +
                                         ": another HR user or an admin must approve it, never its author", number);
  }
  auto base = VersionInForce(state, repository);
  if (!base.ok()) return Outcome(Kind::kFailed, base.status().message(), number);
  if (v->based_on != base->number) {
    return Outcome(Kind::kConflict, Version(number) + " was proposed as a change to " + Version(v->based_on) +
                                        ", but " + Version(base->number) + " is in force now: approving it would "
                                        "undo " + Version(base->number) + ". Reject it and propose the change again.",
                   number);
  }
  if (Status s = versions.PutInForce(number, base->number, who.username); !s.ok()) {
    return Outcome(Kind::kConflict, s.message(), number);
  }
  return Recorded(state, who, audit::kPolicyApproved, Version(number),
                  Outcome(Kind::kDone, Version(number) + " is in force; check, weekly and the dashboard run it from "
                                       "now on", number));
}

PublishOutcome Reject(StateStore& state, int64_t number, const Publisher& who, const std::string& note) {
  if (!who.MayPublish()) return Outcome(Kind::kForbidden, "only HR users and admins may turn a proposal down", number);
  const std::string why = Trimmed(note);
  if (why.empty()) return Outcome(Kind::kInvalid, "say why: turning a proposal down needs a reason", number);
  VersionStore versions(&state);
  PublishOutcome refusal;
  auto v = Proposal(versions, number, &refusal);
  if (!v.ok()) return refusal;
  const bool own = v->author == who.username;
  if (Status s = versions.Review(number, own ? kWithdrawn : kRejected, who.username, why); !s.ok()) {
    return Outcome(Kind::kFailed, s.message(), number);
  }
  return Recorded(state, who, own ? audit::kPolicyWithdrawn : audit::kPolicyRejected, Version(number),
                  Outcome(Kind::kDone, Version(number) + (own ? " is withdrawn" : " is rejected"), number));
}

}  // namespace oversight
