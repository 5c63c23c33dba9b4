// The weekly job: check, compare with last week, compose, queue, record, deliver.
#include "weekly/weekly_job.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

#include "checks/caseload.h"
#include "checks/check_run.h"
#include "checks/measures.h"
#include "checks/routing.h"
#include "common/date.h"
#include "mail/message.h"
#include "policy/policy_version.h"
#include "policy/publishing/policy_files.h"
#include "policy/publishing/publishing.h"
#include "policy/publishing/version_store.h"
#include "state/batched_writes.h"
#include "state/retention.h"
#include "store/snapshot_meta.h"
#include "weekly/email_parts.h"
#include "weekly/manager_email.h"
#include "weekly/week_reports.h"
#include "weekly/service_emails.h"

namespace oversight {

namespace {

// Stores one message in the outbox, once per recipient, kind and week. `recipient` is
// whom it is for (a worker id, or "fallback"): two people sharing an address each get theirs.
// With `batch`, in its current transaction (queueing is safe to repeat: a message already
// queued is not queued again).
Status Queue(StateStore* state, BatchedWrites* batch, const std::string& week, const std::string& kind,
             const std::string& recipient, const MailContent& mail, WeeklyResult* result) {
  if (mail.to.empty()) {
    result->delivery.problems.push_back("no address for the " + kind + " email to " + recipient +
                                        (recipient == "fallback" ? " (set mail.fallback)" : "") + ": not sent");
    return Status::Ok();
  }
  if (!IsSendableAddress(mail.to)) {  // an old snapshot or mail.fallback: never sent to someone else
    result->delivery.problems.push_back(UnsendableAddressProblem(kind, recipient));
    ++result->delivery.rejected;
    return Status::Ok();
  }
  OutboxMessage m;
  m.week = week;
  m.kind = kind;
  m.recipient = recipient;
  m.address = mail.to;
  m.subject = mail.subject;
  MailContent dated = mail;
  dated.message_id = kind + "." + week + "." + std::to_string(std::hash<std::string>()(mail.to)) + "@" +
                     mail.from.substr(mail.from.find('@') + 1);
  m.message = BuildMessage(dated);
  if (batch) {
    if (Status s = batch->Before(); !s.ok()) return s;
  }
  auto added = state->Enqueue(m);
  if (!added.ok()) return added.status();
  (*added ? result->queued : result->already_queued)++;
  return batch ? batch->Wrote() : Status::Ok();
}

}  // namespace

namespace {

int64_t UnixNow() { return static_cast<int64_t>(std::time(nullptr)); }

Result<DeliveryReport> Deliver(const WeeklyOptions& options, StateStore* state) {
  if (options.outbox_dir) return WriteToFolder(state, *options.outbox_dir);
  auto smtp = SmtpSettings::From(options.config);
  if (!smtp.ok()) return smtp.status();
  return DeliverBySmtp(state, *smtp, options.config.GetOr("mail.from", "oversight@localhost"), UnixNow(),
                       options.respect_backoff);
}

// "2 Dec 2026 at 06:28 UTC" for "2026-12-02T06:28:59Z".
std::string HumanTimestamp(const std::string& iso) {
  if (iso.size() < 16) return iso;
  return LongDate(iso.substr(0, 10)) + " at " + iso.substr(11, 5) + " UTC";
}

// The footer's policy: when the run's files are an approved version in force, its
// approval; otherwise (the repository's version 1, a draft run, or a store from before
// versions) the as-of day of the first run in the newest unbroken series of recorded runs
// with this policy version, this week's (`as_of`, not recorded yet) included.
Result<PolicyInForce> PolicyInForceFor(StateStore* state, const PolicyRunOptions& run, const std::string& version,
                                       const std::string& as_of) {
  PolicyInForce p;
  VersionStore versions(state);
  auto in_force = versions.InForce();
  if (!in_force.ok()) return in_force.status();
  if (*in_force && (*in_force)->author != kRepositoryAuthor) {
    auto held = versions.Files((*in_force)->number);
    auto used = ReadPolicyFiles(run);
    if (held.ok() && used.ok() && *held == *used) {
      const PolicyVersionRecord& v = **in_force;
      p.since = v.reviewed_at.substr(0, 10);
      p.approved_by = v.reviewer;
      return p;
    }
  }
  auto runs = state->Runs(100000);  // newest first
  if (!runs.ok()) return runs.status();
  p.since = as_of;
  for (const RunRecord& r : *runs) {
    if (r.policy_version.empty()) continue;  // a stale week checks nothing
    if (r.policy_version != version) break;
    if (r.as_of < p.since) p.since = r.as_of;
  }
  return p;
}

// Records the week's run, its exceptions (next week's "since last week") and, when every
// policy ran, its teams' measures (a week with a policy missing would spoil the trend),
// in one transaction: a week is recorded whole or not at all.
Status RecordWeek(StateStore* state, const WeekContext& c, const std::string& started_at, const Measures& measures) {
  RunRecord record;
  record.kind = "weekly";
  record.started_at = started_at;
  record.as_of = c.as_of;
  record.week = c.week;
  record.extract_imported_at = c.imported_at;
  record.policy_version = c.policy_version;
  for (const auto& f : c.failed) record.failed_plugins += (record.failed_plugins.empty() ? "" : ",") + f;
  std::vector<RecordedTeamMeasures> teams;
  for (const auto& t : measures.teams) {
    teams.push_back({c.week, t.team_id, t.open_cases, t.cases_in_time, t.wellbeing_workers, t.wellbeing_in_time,
                     t.weighted_caseload, t.capacity, t.over_cap_workers});
  }
  auto run_id = state->RecordRun(record, &c.current, c.failed.empty() ? &teams : nullptr);
  return run_id.ok() ? Status::Ok() : run_id.status();
}

bool IsServiceLead(const Worker& w) { return w.role == "head_of_service" || w.role == "service_manager"; }

}  // namespace

Result<DeliveryReport> DeliverPending(const WeeklyOptions& options) {
  auto state = StateStore::Open(options.run.snapshot_path);
  if (!state.ok()) return state.status();
  return Deliver(options, &*state);
}

Result<WeeklyResult> RunWeekly(const WeeklyOptions& options) {
  const std::string started_at = UtcTimestampNow();
  const Day d = options.run.as_of;
  WeeklyResult result;
  result.week = FormatDate(WeekStart(d));
  auto state = StateStore::Open(options.run.snapshot_path);
  if (!state.ok()) return state.status();
  if (Status s = ApplyRetention(state->db(), options.config); !s.ok()) return s;  // retention.months
  auto db = Database::Open(options.run.snapshot_path, Database::Mode::kReadOnly);
  if (!db.ok()) return db.status();
  auto imported_at = ReadSnapshotMeta(&*db, "imported_at");
  if (!imported_at.ok()) return imported_at.status();
  auto stale_after = options.config.GetInt("mail.stale_after_days", 8);
  if (!stale_after.ok()) return stale_after.status();
  const std::string from = options.config.GetOr("mail.from", "oversight@localhost");
  // Stale data: warn the fallback address and the heads of service instead, without
  // running the checks at all.
  auto import_day = ImportDay(*imported_at);
  if (import_day && d - *import_day > *stale_after) {
    auto org = Organisation::Load(&*db);
    if (!org.ok()) return org.status();
    result.stale = true;
    result.stale_message = "the extract was imported " + *imported_at + ", " + std::to_string(d - *import_day) +
                           " days before " + FormatDate(d) + " (more than mail.stale_after_days = " +
                           std::to_string(*stale_after) + "): no exceptions sent; warnings sent instead";
    StaleWarning w{options.config.GetOr("mail.fallback", ""), "", LongDate(result.week), FormatDate(d),
                   HumanTimestamp(*imported_at), d - *import_day, *stale_after};
    if (Status s = Queue(&*state, nullptr, result.week, "stale", "fallback", ComposeStaleWarning(w, from), &result); !s.ok()) {
      return s;
    }
    for (const Worker& head : org->workers()) {
      if (head.role != "head_of_service" || !org->Employed(head.key, d)) continue;
      w.address = head.email;
      w.name = head.name;
      if (Status s = Queue(&*state, nullptr, result.week, "stale", head.id, ComposeStaleWarning(w, from), &result); !s.ok()) {
        return s;
      }
    }
    RunRecord stale;  // the week is done: the scheduler does not try again every minute
    stale.kind = "stale";
    stale.as_of = FormatDate(d);
    stale.week = result.week;
    stale.extract_imported_at = *imported_at;
    if (auto id = state->RecordRun(stale, nullptr); !id.ok()) return id.status();
    auto delivered = Deliver(options, &*state);
    if (!delivered.ok()) return delivered.status();
    result.delivery.delivered += delivered->delivered;
    result.delivery.retry_later += delivered->retry_later;
    result.delivery.rejected += delivered->rejected;
    result.delivery.problems.insert(result.delivery.problems.end(), delivered->problems.begin(),
                                    delivered->problems.end());
    return result;
  }

  auto run = RunChecks(options.run);
  if (!run.ok()) return run.status();
  const Organisation& org = run->org;

  auto version = PolicyVersion(options.run);
  if (!version.ok()) return version.status();
  WeekContext c{options, *run, result.week, LongDate(result.week), FormatDate(d), HumanTimestamp(*imported_at), *version, from,
                {}, {}, {}, {}, false, {}, 25, {}, {}};
  for (const auto& p : run->plugins) {
    c.plugins[p.name] = &p;
    if (p.state == PluginOutcome::State::kFailed) {
      c.failed.insert(p.name);
      result.failed_plugins.push_back(p.name + ": " + p.reason);
    }
  }
  auto links = DashboardLinks::From(options.config.GetOr("dashboard.url", ""));
  if (!links.ok()) return links.status();
  c.links = *links;
  auto rows = options.config.GetInt("mail.rows_before_summary", 25);
  if (!rows.ok()) return rows.status();
  if (*rows < 1) return Status::Error("mail.rows_before_summary must be at least 1");
  c.rows_before_summary = static_cast<size_t>(*rows);
  // Everything the emails need is worked out before the first is queued, so that an
  // error in the data or the settings stops the run with nothing queued.
  auto settings = LoadCaseloadSettings(options.run.settings_path);
  if (!settings.ok()) return settings.status();
  auto measures = ComputeMeasures(*run, *settings, d);
  if (!measures.ok()) return measures.status();
  auto iro_cases = LoadIroCaseloads(org, run->snapshot.get(), d);
  if (!iro_cases.ok()) return iro_cases.status();
  auto previous = state->PreviousRun(result.week);
  if (!previous.ok()) return previous.status();
  c.has_previous = previous->has_value();
  if (*previous) {
    auto items = state->RunExceptions((*previous)->run_id);
    if (!items.ok()) return items.status();
    c.previous = std::move(*items);
  }
  BuildRecord(&c);
  auto policy = PolicyInForceFor(&*state, options.run, c.policy_version, c.as_of);
  if (!policy.ok()) return policy.status();
  c.policy = *policy;

  // One exception email per recipient of this week's or last week's exceptions.
  std::set<std::string> recipients;
  for (const auto& e : c.current) {
    if (e.recipient_id.empty() || org.FindWorker(e.recipient_id)) recipients.insert(e.recipient_id);
  }
  for (const auto& e : c.previous) {
    if (e.recipient_id.empty() || org.FindWorker(e.recipient_id)) recipients.insert(e.recipient_id);
  }
  // Queued a hundred to a transaction: one sync of the state store for each hundred.
  BatchedWrites batch(&*state, 100);
  for (const std::string& r : recipients) {
    MailContent mail = ComposeManagerEmail(BuildManagerReport(c, r), from);
    if (Status s = Queue(&*state, &batch, c.week, "exceptions", r.empty() ? "fallback" : r, mail, &result); !s.ok()) return s;
  }

  for (const Worker& head : org.workers()) {
    if (!IsServiceLead(head) || !org.Employed(head.key, d)) continue;
    MailContent mail = ComposeDigest(BuildDigest(c, head, *measures, *settings, *iro_cases), from);
    if (Status s = Queue(&*state, &batch, c.week, "digest", head.id, mail, &result); !s.ok()) return s;
  }
  if (Status s = batch.Commit(); !s.ok()) return s;
  // The week is recorded only once every message is queued: a run that stops before then
  // is not done, so the scheduler runs it again, and what was queued is not queued twice.
  if (Status s = RecordWeek(&*state, c, started_at, *measures); !s.ok()) return s;
  auto delivered = Deliver(options, &*state);
  if (!delivered.ok()) return delivered.status();
  std::vector<std::string> queue_problems = std::move(result.delivery.problems);
  const int refused = result.delivery.rejected;
  result.delivery = *delivered;
  result.delivery.rejected += refused;
  result.delivery.problems.insert(result.delivery.problems.begin(), queue_problems.begin(), queue_problems.end());
  return result;
}

}  // namespace oversight
