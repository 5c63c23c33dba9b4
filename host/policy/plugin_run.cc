// Plugin processes: fork (or spawn, for threaded hosts), run in a sandbox, send the
// outcome back over a pipe (outcome_wire.h), and wait with a deadline.
#include "policy/plugin_run.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "policy/outcome_wire.h"
#include "policy/plugin_confinement.h"
#include "policy/plugin_declarations.h"
#include "policy/plugin_process.h"
#include "policy/settings.h"
#include "policy/settings_spec.h"
#include "policy/view.h"
#include "store/snapshot_meta.h"
#include "store/sqlite.h"

namespace oversight {

namespace {

std::vector<std::string> CalendarFiles(const PolicyRunOptions& o) {
  return o.calendar_path.empty() ? std::vector<std::string>() : std::vector<std::string>{o.calendar_path};
}

// "plugins/case_supervision.lua": the file and its folder, as people name a plugin.
std::string DisplayName(const std::string& path) {
  size_t last = path.rfind('/');
  if (last == std::string::npos || last == 0) return path;
  size_t before = path.rfind('/', last - 1);
  return before == std::string::npos ? path : path.substr(before + 1);
}


struct Child {
  bool too_much = false;
  pid_t pid = -1;
  int fd = -1;
  size_t index = 0;
  std::string data;
  std::chrono::steady_clock::time_point deadline;
  bool timed_out = false;
};

// Starts the process for one plugin, writing to fds[1]: a fork (the single-threaded CLI)
// or, with options.plugin_executable, a fresh process of that executable (serve).
// The pid, or -1 with *why.
pid_t StartPluginProcess(const Organisation& org, const PolicyRunOptions& options, const std::string& path,
                         const int fds[2], std::string* why) {
  if (options.plugin_executable.empty()) {
    const pid_t host = getpid();
    pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      ConfinePluginProcess(options.budget, host);
      const std::string bytes = EncodeOutcome(RunPluginHere(org, options, path));
      const char* p = bytes.data();
      size_t left = bytes.size();
      while (left > 0) {
        ssize_t n = write(fds[1], p, left);
        if (n <= 0) break;
        p += n;
        left -= static_cast<size_t>(n);
      }
      _exit(0);
    }
    if (pid < 0) *why = std::strerror(errno);
    return pid;
  }
  std::vector<std::string> args = PluginProcessArgs(options, path);
  args.insert(args.begin(), options.plugin_executable);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);  // nothing of the server's: sockets, stores
  // A fresh process in its signals too: nothing blocked or ignored that the starting
  // thread blocks (Poco's threads block SIGTERM, SIGQUIT and SIGPIPE) or ignores.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const int err = posix_spawn(&pid, options.plugin_executable.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) {
    *why = options.plugin_executable + ": " + std::strerror(err);
    return -1;
  }
  return pid;
}

}  // namespace

std::string PluginName(const std::string& path) {
  size_t slash = path.rfind('/');
  std::string name = path.substr(slash == std::string::npos ? 0 : slash + 1);
  return name.size() > 4 ? name.substr(0, name.size() - 4) : name;  // ".lua"
}

Result<std::vector<std::string>> ListPlugins(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (!d) return Status::Error("cannot read the plugin folder " + dir + ": " + std::strerror(errno));
  std::vector<std::string> paths;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".lua") == 0 && name[0] != '.') {
      paths.push_back(dir + "/" + name);
    }
  }
  closedir(d);
  std::sort(paths.begin(), paths.end());
  return paths;
}

PluginOutcome RunPluginHere(const Organisation& org, const PolicyRunOptions& options,
                            const std::string& path) {
  PluginOutcome out;
  out.name = PluginName(path);
  out.path = path;
  auto fail = [&](const Status& s) {
    out.state = PluginOutcome::State::kFailed;
    out.reason = s.message();
    out.exceptions.clear();
    out.marks.clear();
    return out;
  };
  // Checking settings reads no store.
  auto db = options.validate_settings ? Result<Database>(Status::Error("no store"))
                                      : Database::Open(options.snapshot_path, Database::Mode::kReadOnly);
  if (!db.ok() && !options.validate_settings) return fail(db.status());
  // One read transaction for the whole run: a snapshot never changes once imported, and
  // a plugin asks many small questions (ov.latest_supervision for every worker), each of
  // which would otherwise take and drop the file's lock and re-check it.
  if (db.ok()) {
    if (Status s = db->Exec("PRAGMA cache_size = -32768; BEGIN"); !s.ok()) {
      return fail(s.WithContext("cannot begin reading " + options.snapshot_path));
    }
  }
  if (db.ok() && !options.snapshot_id.empty()) {
    // An import may have renamed a new snapshot into place since the host read it: then
    // worker keys would not match. Better to fail the run than to mix two extracts.
    auto imported = ReadSnapshotMeta(&*db, "snapshot_id");
    if (!imported.ok() || *imported != options.snapshot_id) {
      return fail(Status::Error("the extract was replaced while the checks ran; run them again"));
    }
  }
  // The view outlives the Lua state: finalizers that run at lua_close may still call it.
  ViewContext ctx;
  LuaSandbox sandbox(options.budget);
  if (!sandbox.ok()) return fail(Status::Error("cannot create a Lua state"));
  lua_State* L = sandbox.state();
  ctx.org = &org;
  ctx.db = db.ok() ? &*db : nullptr;
  ctx.as_of = options.as_of;
  ctx.policy = out.name;

  sandbox.PushEnvironment();
  int env = lua_gettop(L);
  if (Status s = PushSettings(&sandbox, options.settings_path, CalendarFiles(options)); !s.ok()) return fail(s);
  lua_pushvalue(L, -1);
  lua_setfield(L, env, "settings");
  // The configuration may switch a plugin off: settings.<name>.enabled = false.
  lua_getfield(L, -1, out.name.c_str());
  bool disabled = lua_istable(L, -1) && (lua_getfield(L, -1, "enabled"), lua_isboolean(L, -1)) &&
                  !lua_toboolean(L, -1);
  lua_settop(L, env);
  PushView(L, &ctx);
  lua_setfield(L, env, "ov");
  if (disabled && !options.force_enable) {
    out.state = PluginOutcome::State::kDisabled;
    return out;
  }
  lua_pushvalue(L, env);
  if (Status s = sandbox.LoadFile(path, DisplayName(path)); !s.ok()) return fail(s);
  Status loaded = sandbox.Call(0, 0);
  if (!loaded.ok() && options.validate_settings) {
    // Bad settings often break a plugin's top-level code: say what is wrong with them
    // rather than where the plugin tripped over it, when its settings_spec was reached.
    if (Status s = ValidateSettings(&sandbox, env, options.settings_path, &out.problems, &out.sections);
        s.ok() && !out.problems.empty()) {
      out.state = PluginOutcome::State::kRan;
      return out;
    }
  }
  if (!loaded.ok()) return fail(loaded);
  // ... or the plugin itself: `enabled = false` at its top.
  lua_pushliteral(L, "enabled");
  lua_rawget(L, env);
  if (lua_isboolean(L, -1) && !lua_toboolean(L, -1) && !options.force_enable) {
    out.state = PluginOutcome::State::kDisabled;
    return out;
  }
  lua_pop(L, 1);
  if (options.validate_settings) {
    if (Status s = ValidateSettings(&sandbox, env, options.settings_path, &out.problems, &out.sections); !s.ok()) {
      return fail(s);
    }
    // Its declarations, once its settings are sound (they are built from them).
    if (Status s = ReadDeclarations(L, env, &out); !s.ok() && out.problems.empty()) {
      out.problems.push_back(DisplayName(path) + ": " + s.message());
    }
    out.state = PluginOutcome::State::kRan;
    return out;
  }
  // What it declares, before check() runs: ov.report holds it to its codes.
  if (Status s = ReadDeclarations(L, env, &out); !s.ok()) {
    return fail(Status::Error(DisplayName(path) + ": " + s.message()));
  }
  ctx.codes = &out.codes;
  lua_pushliteral(L, "check");
  lua_rawget(L, env);
  if (!lua_isfunction(L, -1)) {
    return fail(Status::Error(path + ": defines no function check()"));
  }
  if (Status s = sandbox.Call(0, 0); !s.ok()) return fail(s);
  out.state = PluginOutcome::State::kRan;
  out.exceptions = std::move(ctx.reported);
  out.marks = std::move(ctx.marked);
  return out;
}

int DefaultParallel() {
  // The cores this process may run on (a container's or taskset's, not the machine's).
  cpu_set_t allowed;
  const int cores = sched_getaffinity(0, sizeof allowed, &allowed) == 0 ? CPU_COUNT(&allowed) : 1;
  return std::clamp(cores + 1, 2, 4);
}

std::vector<PluginOutcome> RunPlugins(const Organisation& org, const PolicyRunOptions& options) {
  std::vector<PluginOutcome> outcomes;
  auto paths = options.only.empty() ? ListPlugins(options.plugins_dir)
                                    : Result<std::vector<std::string>>(options.only);
  if (!paths.ok()) {
    PluginOutcome o;
    o.name = options.plugins_dir;
    o.reason = paths.status().message();
    outcomes.push_back(o);
    return outcomes;
  }
  for (const auto& p : *paths) {
    PluginOutcome o;
    o.name = PluginName(p);
    o.path = p;
    outcomes.push_back(o);
  }
  std::fflush(nullptr);
  std::vector<Child> running;
  size_t next = 0;
  const auto budget = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(options.budget.seconds));
  while (next < outcomes.size() || !running.empty()) {
    while (next < outcomes.size() && static_cast<int>(running.size()) < std::max(1, options.parallel)) {
      int fds[2];
      if (pipe2(fds, O_CLOEXEC) != 0) {
        outcomes[next++].reason = std::string("cannot start: ") + std::strerror(errno);
        continue;
      }
      std::string why;
      pid_t pid = StartPluginProcess(org, options, outcomes[next].path, fds, &why);
      close(fds[1]);
      if (pid < 0) {
        close(fds[0]);
        outcomes[next++].reason = "cannot start: " + why;
        continue;
      }
      Child c;
      c.pid = pid;
      c.fd = fds[0];
      c.index = next++;
      c.deadline = std::chrono::steady_clock::now() + budget;
      running.push_back(std::move(c));
    }
    if (running.empty()) continue;  // every start failed: each is reported
    std::vector<pollfd> polls;
    for (const Child& c : running) polls.push_back({c.fd, POLLIN, 0});
    auto now = std::chrono::steady_clock::now();
    auto soonest = running.front().deadline;
    for (const Child& c : running) soonest = std::min(soonest, c.deadline);
    int wait_ms = static_cast<int>(std::max<int64_t>(
        0, std::chrono::duration_cast<std::chrono::milliseconds>(soonest - now).count() + 1));
    poll(polls.data(), polls.size(), std::min(wait_ms, 1000));
    now = std::chrono::steady_clock::now();
    for (size_t i = 0; i < running.size();) {
      Child& c = running[i];
      bool done = false;
      if (polls[i].revents & (POLLIN | POLLHUP | POLLERR)) {
        char buf[65536];
        ssize_t n = read(c.fd, buf, sizeof buf);
        // What a plugin reports counts against its memory budget (ov.report), and its
        // wire form is smaller than what was counted: more is not a plugin's output.
        if (n > 0 && c.data.size() < options.budget.memory_bytes) {
          c.data.append(buf, static_cast<size_t>(n));
        } else if (n > 0) {
          kill(c.pid, SIGKILL);
          c.too_much = true;
          done = true;
        } else {
          done = true;
        }
      }
      if (!done && now >= c.deadline) {
        kill(c.pid, SIGKILL);
        c.timed_out = true;
        done = true;
      }
      if (!done) {
        ++i;
        continue;
      }
      close(c.fd);
      int status = 0;
      rusage usage{};
      wait4(c.pid, &status, 0, &usage);
      const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
      PluginOutcome& o = outcomes[c.index];
      if (c.too_much) {
        o.reason = o.path + ": reported more than the host accepts from one plugin (stopped)";
      } else if (c.timed_out) {
        o.reason = o.path + ": time budget of " + std::to_string(static_cast<int>(options.budget.seconds)) +
                   " s exceeded (stopped; a library call that never returns, such as a pathological "
                   "string pattern, also ends this way)";
      } else if (WIFSIGNALED(status) && StoppedByCpuBudget(WTERMSIG(status), cpu, options.budget)) {
        o.reason = o.path + ": CPU time budget of " + std::to_string(static_cast<int>(std::ceil(options.budget.cpu_seconds))) +
                   " s exceeded (stopped; code the instruction budget cannot reach, such as a "
                   "pathological string pattern or a loop in a finalizer, ends this way)";
      } else if (WIFSIGNALED(status)) {
        o.reason = o.path + ": the plugin process was stopped by signal " +
                   std::to_string(WTERMSIG(status));
      } else {
        DecodeOutcome(c.data, org, &o);
      }
      running.erase(running.begin() + static_cast<long>(i));
      polls.erase(polls.begin() + static_cast<long>(i));
    }
  }
  return outcomes;
}

}  // namespace oversight
