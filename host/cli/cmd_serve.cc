// `oversight serve --db FILE [--listen HOST:PORT]`: stays running; runs the weekly job
// at weekly.weekday / weekly.time (catching up once after downtime), but not while the
// extract it started with was already older than mail.stale_after_days (a sample, a
// restored backup: not news to mail out) and no newer one has come; delivers the outbox
// as retries fall due, and with --listen serves the dashboard (web/dashboard.h), over
// HTTPS when serve.certificate and serve.private_key are set, guarded against slow
// clients (web/connection_guard.h).
#include <Poco/Net/Context.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <thread>

#include "cli/args.h"
#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/extract_age.h"
#include "cli/locations.h"
#include "cli/run_options.h"
#include "cli/weekly_audit.h"
#include "policy/publishing/publishing.h"
#include "state/audit_trail.h"
#include "state/state_store.h"
#include "weekly/schedule.h"
#include "web/connection_guard.h"
#include "web/dashboard.h"
#include "web/oidc_settings.h"
#include "weekly/email_parts.h"
#include "weekly/weekly_job.h"

namespace oversight {

namespace {

std::atomic<bool> g_stop{false};

void LocalNow(Day* day, int* minute) {
  std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  *day = DayFromCivil(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
  *minute = local.tm_hour * 60 + local.tm_min;
}

// The Monday of the newest week the weekly job has run for, if any.
std::optional<Day> LastRunWeek(const std::string& snapshot) {
  auto state = StateStore::Open(snapshot);
  if (!state.ok()) return std::nullopt;
  auto week = state->LastWeeklyWeek();
  if (!week.ok() || !*week) return std::nullopt;
  return ParseDate(**week);
}

// Whether the extract is already old at start-up, said on stderr: the weekly job then
// waits for a newer import rather than mail everyone about data nobody sent this week.
bool OldAtStart(const CommandSetup& setup) {
  const std::optional<Day> extract = StaleExtractDay(setup, Today());
  if (!extract) return false;
  std::cerr << "oversight serve: the extract is from " << LongDate(FormatDate(*extract))
            << ", older than mail.stale_after_days: the weekly job waits until a newer extract is imported"
               " (`oversight weekly --as-of` runs it for a past day)\n";
  return true;
}

// The version in force now, when serve follows it: one approved since start runs from
// the next weekly job on.
void FollowVersionInForce(const CommandSetup& setup, PolicyRunOptions* run) {
  if (!setup.follows_version_in_force) return;
  auto state = StateStore::Open(setup.run.snapshot_path);
  if (!state.ok()) return;
  if (auto now = RunInForce(*state, setup.repository); now.ok()) *run = *now;
}

// dashboard.target_good and dashboard.target_poor: percentages, poor at most good.
template <typename Config>
Result<ComplianceTargets> ReadTargets(const Config& config) {
  ComplianceTargets t;
  for (auto [key, value] : {std::pair<const char*, double*>{"dashboard.target_good", &t.good},
                            {"dashboard.target_poor", &t.poor}}) {
    const std::string text = config.GetOr(key, "");
    if (text.empty()) continue;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !(v >= 0 && v <= 100)) {
      return Status::Error(std::string(key) + " must be a percentage from 0 to 100, not \"" + text + "\"");
    }
    *value = v;
  }
  if (t.poor > t.good) return Status::Error("dashboard.target_poor must not be above dashboard.target_good");
  return t;
}

}  // namespace

int CmdServe(int argc, char** argv) {
  const CommandLine line = ReadCommandLine(Command("serve"), argc, argv);
  if (!line.args) return line.exit_status;
  const Args* args = &*line.args;
  auto setup = SetupFrom(*args);
  if (!setup.ok()) {
    std::cerr << "oversight serve: " << setup.status().message() << "\n";
    return 2;
  }
  auto schedule = WeeklySchedule::Parse(setup->config.GetOr("weekly.weekday", "1"),
                                        setup->config.GetOr("weekly.time", "07:00"));
  if (!schedule.ok()) {
    std::cerr << "oversight serve: " << schedule.status().message() << "\n";
    return 2;
  }
  auto targets = ReadTargets(setup->config);
  if (!targets.ok()) {
    std::cerr << "oversight serve: " << targets.status().message() << "\n";
    return 2;
  }
  // Threads run here (the dashboard's): plugins start as fresh processes of this very
  // executable (even if it is replaced on disk meanwhile), not as forks.
  setup->run.plugin_executable = setup->repository.plugin_executable = "/proc/self/exe";
  std::signal(SIGTERM, [](int) { g_stop = true; });
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::unique_ptr<Poco::Net::ServerSocket> socket;  // outlives the server
  std::unique_ptr<GuardedHttpServer> http;
  if (auto listen = args->Get("listen")) {
    auto oidc = ReadOidcSettings(setup->config);
    if (!oidc.ok()) {
      std::cerr << "oversight serve: " << oidc.status().message() << "\n";
      return 2;
    }
    try {
      DashboardOptions dash;
      dash.oidc = *oidc;
      dash.run = setup->run;
      dash.repository = setup->repository;
      dash.follows_version_in_force = setup->follows_version_in_force;
      dash.static_dir = setup->config.GetPath("dashboard.static_dir", ShippedStaticDir());
      if (auto d = setup->config.Get("dashboard.as_of")) dash.as_of = ParseDate(*d);
      const auto cert = setup->config.Get("serve.certificate"), key = setup->config.Get("serve.private_key");
      dash.secure_cookies = (cert && key) || setup->config.GetOr("dashboard.behind_tls_proxy", "false") == "true";
      dash.trusted_proxy = setup->config.GetOr("dashboard.trusted_proxy", "");
      dash.targets = *targets;
      if (cert && key) {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Ptr context = new Poco::Net::Context(
            Poco::Net::Context::TLS_SERVER_USE, setup->config.GetPath("serve.private_key", ""),
            setup->config.GetPath("serve.certificate", ""), "", Poco::Net::Context::VERIFY_NONE);
        socket = std::make_unique<Poco::Net::SecureServerSocket>(Poco::Net::SocketAddress(*listen), 64, context);
      } else {
        socket = std::make_unique<Poco::Net::ServerSocket>(Poco::Net::SocketAddress(*listen));
      }
      http = std::make_unique<GuardedHttpServer>(NewDashboard(dash), *socket);
      http->start();
      std::cerr << "oversight serve: dashboard on " << (dash.secure_cookies ? "https://" : "http://") << *listen
                << "\n";
    } catch (const Poco::Exception& e) {
      std::cerr << "oversight serve: cannot listen on " << *listen << ": " << e.displayText() << "\n";
      return 2;
    }
  }
  const std::string snapshot = setup->run.snapshot_path;
  bool held = OldAtStart(*setup);
  // After a weekly run that failed, the next try waits an hour (the outbox is delivered
  // meanwhile): a fault that lasts is not a run, and an audit line, every minute.
  auto retry_after = std::chrono::steady_clock::time_point::min();
  while (!g_stop) {
    Day today;
    int minute;
    LocalNow(&today, &minute);
    WeeklyOptions options{setup->run, setup->config, std::nullopt, true};
    FollowVersionInForce(*setup, &options.run);
    if (held && !StaleExtractDay(*setup, today)) {
      held = false;
      std::cerr << "oversight serve: a newer extract is in: the weekly job is back on its schedule\n";
    }
    const bool waiting = std::chrono::steady_clock::now() < retry_after;
    if (!held && !waiting && schedule->Due(today, minute, LastRunWeek(snapshot))) {
      options.run.as_of = today;
      auto result = RunWeekly(options);
      AuditWeeklyRun(snapshot, audit::kSystem, result);
      retry_after = std::chrono::steady_clock::time_point::min();
      if (!result.ok()) {
        std::cerr << "oversight serve: the weekly job could not run: " << result.status().message()
                  << " (it tries again in an hour)\n";
        retry_after = std::chrono::steady_clock::now() + std::chrono::hours(1);
      } else {
        std::cerr << "oversight serve: weekly job for the week of " << result->week << ": " << result->queued
                  << " queued, " << result->delivery.delivered << " delivered\n";
        for (const auto& p : result->delivery.problems) std::cerr << "oversight serve: " << p << "\n";
      }
    } else {
      auto delivered = DeliverPending(options);
      if (delivered.ok()) {
        for (const auto& p : delivered->problems) std::cerr << "oversight serve: " << p << "\n";
      }
    }
    for (int i = 0; i < 60 && !g_stop; ++i) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (http) http->stop();
  return 0;
}

}  // namespace oversight
