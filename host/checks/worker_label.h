// How a worker is named for people on a terminal: "Sam Patel (W0012)", the name shortened
// with "…" to fit a column but the id always whole (it is what people search for).
// Children never get a label: they stay case ids.
#pragma once

#include <string>

#include "store/organisation.h"

namespace oversight {

std::string WorkerLabel(const Worker& w, size_t width);

}  // namespace oversight
