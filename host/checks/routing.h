// RouteToCover: who receives an exception about a worker on a day (policies.md,
// "Routing"): the line manager, else the manager's cover, else the next manager up.
// Done once by the host for every plugin; plugins never choose recipients.
#pragma once

#include <optional>

#include "store/organisation.h"

namespace oversight {

// The recipient of exceptions about `subject` on day d, or nothing when they are
// unrouted (they go to the configured fallback address).
std::optional<WorkerKey> RouteToCover(const Organisation& org, WorkerKey subject, Day d);

// The one cover row for `manager` active on d that routing consults, if any.
const CoverRow* ActiveCover(const Organisation& org, WorkerKey manager, Day d);

}  // namespace oversight
