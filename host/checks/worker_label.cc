// "Name (ID)" within a width.
#include "checks/worker_label.h"

#include "common/text_columns.h"

namespace oversight {

std::string WorkerLabel(const Worker& w, size_t width) {
  const std::string id = "(" + w.id + ")";
  const size_t id_width = DisplayWidth(id);
  if (w.name.empty() || id_width + 2 > width) return Shorten(w.name.empty() ? w.id : id, width);
  return Shorten(w.name, width - id_width - 1) + " " + id;
}

}  // namespace oversight
