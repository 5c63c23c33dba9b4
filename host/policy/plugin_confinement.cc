// A plugin process's own limits: RLIMIT_CPU and a watchdog on its host.
#include "policy/plugin_confinement.h"

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <thread>

namespace oversight {

void ConfinePluginProcess(const Budget& budget, pid_t host) {
  const rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  const auto soft = static_cast<rlim_t>(std::max(1.0, std::ceil(budget.cpu_seconds)));
  const rlimit cpu{soft, soft + 1};  // SIGXCPU at the budget, SIGKILL a second later
  setrlimit(RLIMIT_CPU, &cpu);
  // The plugin may be busy in C code for its whole budget: the watchdog is a thread of
  // its own, and ends the process outright (no destructors, nothing half-written: the
  // host that would read the result is gone).
  std::thread([host] {
    for (;;) {
      if (getppid() != host) _exit(0);
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }).detach();
}

bool StoppedByCpuBudget(int signal, double cpu_seconds, const Budget& budget) {
  if (signal == SIGXCPU) return true;
  return signal == SIGKILL && cpu_seconds >= std::ceil(budget.cpu_seconds);
}

}  // namespace oversight
